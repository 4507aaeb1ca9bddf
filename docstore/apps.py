from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocstoreConfig(AppConfig):
    name = "docstore"
    verbose_name = _("文档库")

    def ready(self):
        from docstore import own_actions, registry, signals, tasks
        from docstore.services import documents, edit_locks

        if edit_locks.require_unlocked not in documents.before_version_hooks:
            documents.before_version_hooks.append(edit_locks.require_unlocked)
        signals.version_created.connect(tasks.on_version_created, dispatch_uid="docstore-process-version")
        signals.dossier_changed.connect(tasks.on_dossier_changed, dispatch_uid="docstore-reindex-dossier")
        signals.document_changed.connect(tasks.on_document_changed, dispatch_uid="docstore-reindex-document")
        own_actions.register()
        signals.rendition_requested.connect(tasks.on_rendition_requested, dispatch_uid="docstore-rendition")
        registry.register_metadata_label("template", _("生成自范本"))
        from docstore.views import templates as template_views

        registry.document_panels.register(
            registry.Panel(
                key="docstore.rendition",
                label=_("PDF 版本"),
                template="docstore/rendition_panel.html",
                context=template_views.rendition_panel_context,
                visible=template_views.rendition_panel_visible,
                order=1,
            )
        )
        registry.register_metadata_label("imported_from", _("导入来源"))
