"""What seals adds to docstore's pages; registered from `SealsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role
from docstore.registry import Action, Panel, document_actions, register_metadata_label, viewer_panels


def _may_ask_for_a_seal(user, document) -> bool:
    """The request form asks for the current version; the staff who use seals may fill it in."""
    return document.current_version_id is not None and has_role(user, CLERK, FIELD_STAFF, MANAGER)


def _viewer_context(request, version) -> dict:
    from seals import selectors

    return {**selectors.document_seal_use(request.user, version.document), "version": version}


def register() -> None:
    viewer_panels.register(
        Panel(
            key="seals.viewer",
            label=_("用印情况"),
            template="seals/viewer_panel.html",
            context=_viewer_context,
            order=10,
        )
    )
    register_metadata_label("seal_request", _("用章申请编号"))
    document_actions.register(
        Action(
            key="seals.request",
            label=_("申请用章"),
            url_name="seals:request-create",
            url_args=lambda document: (),
            query=lambda document: {"version": document.current_version_id},
            visible=_may_ask_for_a_seal,
            order=10,
        )
    )
