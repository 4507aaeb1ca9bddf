"""The one DRF permission of the API: a logged-in member of staff (or the admin, who reads). Finer rules are
the services' own checks."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.roles import ADMIN, ROLE_LABELS, STAFF_ROLES, has_role


class IsStaff(BasePermission):
    @property
    def message(self):
        names = "、".join(str(ROLE_LABELS[r]) for r in (*STAFF_ROLES, ADMIN))
        return _("此操作仅限：%(roles)s。") % {"roles": names}

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and has_role(user, *STAFF_ROLES, ADMIN))
