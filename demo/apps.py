from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run`: sits on top of every other app, nothing depends on it."""

    name = "demo"
    verbose_name = _("演示数据")
