from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocstoreConfig(AppConfig):
    name = "docstore"
    verbose_name = _("文档库")

    def ready(self):
        from docstore import checkout, services, signals, tasks

        if checkout.require_unlocked not in services.before_version_hooks:
            services.before_version_hooks.append(checkout.require_unlocked)
        signals.version_created.connect(tasks.on_version_created, dispatch_uid="docstore-process-version")
