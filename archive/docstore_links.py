"""What archive adds to docstore's pages; registered from `ArchiveConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from docstore.registry import Action, document_actions, dossier_actions


def register() -> None:
    # Every reader of a document or dossier page may open its archive side (the page checks the same).
    document_actions.register(
        Action(key="archive.document", label=_("归档与原件"), url_name="archive:document", order=20)
    )
    dossier_actions.register(
        Action(key="archive.dossier", label=_("归档与原件"), url_name="archive:dossier", order=20)
    )
