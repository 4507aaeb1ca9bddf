from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import db_stats

        post_migrate.connect(db_stats.after_migrate, dispatch_uid="core.db_stats")
