"""docstore's own buttons on its pages, through the same registry the higher apps use: corrections."""

from django.utils.translation import gettext_lazy as _

from docstore import permissions
from docstore.registry import Action, document_actions, dossier_actions


def register() -> None:
    dossier_actions.register(
        Action(
            key="docstore.correct",
            label=_("更正案卷"),
            url_name="docstore:dossier-edit",
            visible=lambda user, dossier: permissions.can_manage_dossiers(user),
            order=90,
        )
    )
    # A filed document's button leads to its archive record's correction (the view redirects there).
    document_actions.register(
        Action(
            key="docstore.correct",
            label=_("更正"),
            url_name="docstore:document-edit",
            visible=permissions.can_edit_document,
            order=90,
        )
    )
