"""docstore's own buttons and list badges, through the same registries the higher apps use: corrections,
已盖章 and 检出中."""

from django.utils.translation import gettext_lazy as _

from docstore import permissions, registry
from docstore.registry import Action, Badge, document_actions, dossier_actions


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
    register_badges()


STAMPED = _("已盖章")
CHECKED_OUT = _("检出中")


def document_badges(rows) -> dict:
    """已盖章: the current version came from stamping; 检出中: a live edit lock (both already on the rows of
    selectors.document_list: no query)."""
    found = {}
    for row in rows:
        badges = []
        version = getattr(row, "current_version", None)
        if version is not None and version.origin == "stamp":
            badges.append(Badge("docstore.stamped", STAMPED, "ok", order=10))
        if getattr(row, "lock_holder", None):
            badges.append(Badge("docstore.checked_out", CHECKED_OUT, "warn", order=50))
        if badges:
            found[row.pk] = badges
    return found


def dossier_badges(rows) -> dict:
    """The same per dossier, with how many of its documents: two queries per page."""
    from django.db.models import Count

    from docstore import selectors
    from docstore.models import Document

    ids = [row.pk for row in rows]
    found: dict[int, list] = {}
    stamped = (
        Document.objects.filter(dossier_id__in=ids, current_version__origin="stamp")
        .values_list("dossier_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, n in stamped:
        found.setdefault(pk, []).append(Badge("docstore.stamped", f"{STAMPED} {n}", "ok", order=10))
    locked = (
        selectors.active_locks()
        .filter(document__dossier_id__in=ids)
        .values_list("document__dossier_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, n in locked:
        found.setdefault(pk, []).append(Badge("docstore.checked_out", f"{CHECKED_OUT} {n}", "warn", order=50))
    return found


def register_badges() -> None:
    for source, target in (
        (document_badges, registry.document_badges),
        (dossier_badges, registry.dossier_badges),
    ):
        if source not in target:
            target.append(source)
