from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("业务办理")

    def ready(self):
        from archive.signals import original_moved
        from cases import docstore_links, events
        from seals.signals import impressions_recorded, request_stamped

        docstore_links.register()
        request_stamped.connect(events.on_seal_used, dispatch_uid="cases.on_stamped")
        impressions_recorded.connect(events.on_seal_used, dispatch_uid="cases.on_impressions")
        original_moved.connect(events.on_original_moved, dispatch_uid="cases.on_original_moved")
