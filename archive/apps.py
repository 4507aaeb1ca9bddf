from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("档案")

    def ready(self):
        from archive import docstore_links, selectors
        from docstore import purge

        docstore_links.register()
        if selectors.disposed_document_ids not in purge.disposed_document_sources:
            purge.disposed_document_sources.append(selectors.disposed_document_ids)
