"""What seals adds to docstore's pages; registered from `SealsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role
from docstore import registry
from docstore.registry import (
    Action,
    Badge,
    Panel,
    document_actions,
    dossier_actions,
    register_metadata_label,
    viewer_panels,
)


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
    dossier_actions.register(
        Action(
            key="seals.request",
            label=_("申请用章"),
            url_name="seals:request-create",
            url_args=lambda dossier: (),
            query=lambda dossier: {"dossier": dossier.pk},
            visible=lambda user, dossier: has_role(user, CLERK, FIELD_STAFF, MANAGER),
            order=10,
        )
    )
    for source, target in (
        (document_badges, registry.document_badges),
        (dossier_badges, registry.dossier_badges),
    ):
        if source not in target:
            target.append(source)


PENDING = _("待审批")


def document_badges(rows) -> dict:
    """待审批: a submitted seal request asks for a seal on one of the document's versions (one query)."""
    from seals.models import SealRequestItem
    from seals.states import RequestStatus

    ids = (
        SealRequestItem.objects.filter(
            request__status=RequestStatus.SUBMITTED, version__document_id__in=[r.pk for r in rows]
        )
        .values_list("version__document_id", flat=True)
        .distinct()
    )
    return {pk: [Badge("seals.pending", PENDING, "info", order=20)] for pk in ids}


def dossier_badges(rows) -> dict:
    """待审批 N: the dossier's submitted seal requests (one query)."""
    from django.db.models import Count

    from seals.models import SealRequest
    from seals.states import RequestStatus

    counts = (
        SealRequest.objects.filter(status=RequestStatus.SUBMITTED, dossier_id__in=[r.pk for r in rows])
        .values_list("dossier_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {pk: [Badge("seals.pending", f"{PENDING} {n}", "info", order=20)] for pk, n in counts}
