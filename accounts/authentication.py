from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class DemoAwareTokenAuthentication(TokenAuthentication):
    """Token auth that, like the login form, refuses demo accounts when DEBUG is off."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if user.is_demo and not settings.DEBUG:
            raise exceptions.AuthenticationFailed(_("演示账号只能在调试模式下使用。"))
        return user, token
