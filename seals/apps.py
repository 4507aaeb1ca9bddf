from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SealsConfig(AppConfig):
    name = "seals"
    verbose_name = _("印章")

    def ready(self):
        from seals import docstore_links

        docstore_links.register()
