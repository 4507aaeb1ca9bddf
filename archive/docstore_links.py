"""What archive adds to docstore: page actions, and the freezer that tells docstore which documents are filed
or disposed of (with the words that name the archival code); registered from `ArchiveConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive import permissions
from docstore import freezing, registry
from docstore.registry import Action, Badge, Panel, document_actions, dossier_actions, viewer_panels


def document_freezes(document_ids) -> dict[int, freezing.Freeze]:
    """{document id: Freeze} for the filed or disposed documents among these (one query, two when some
    were disposed of: their certificate)."""
    from archive.models import ArchiveRecord, DisposalBatch, DisposalItem

    records = list(
        ArchiveRecord.objects.filter(document_id__in=list(document_ids)).values(
            "pk", "document_id", "archival_code", "status", "version_id", "version__number"
        )
    )
    disposed = [r["pk"] for r in records if r["status"] == ArchiveRecord.Status.DISPOSED]
    certificates = {}
    if disposed:
        for item in DisposalItem.objects.filter(
            record_id__in=disposed, batch__status=DisposalBatch.Status.APPROVED
        ).values("record_id", "batch_id", "batch__number"):
            certificates[item["record_id"]] = (item["batch__number"], item["batch_id"])
    found = {}
    for r in records:
        code, record_url = r["archival_code"], reverse("archive:record", args=[r["pk"]])
        if r["status"] == ArchiveRecord.Status.DISPOSED:
            number, batch_id = certificates.get(r["pk"], ("", None))
            message = (
                gettext("该文档已销毁（档号 %(code)s，销毁清册 %(number)s），仅保留目录信息和销毁记录。")
                % {"code": code, "number": number}
                if number
                else gettext("该文档已销毁（档号 %(code)s），仅保留目录信息。") % {"code": code}
            )
            found[r["document_id"]] = freezing.Freeze(
                state=freezing.DISPOSED,
                archival_code=code,
                message=message,
                record_url=record_url,
                version_id=r["version_id"],
                certificate=number,
                certificate_url=reverse("archive:disposal-certificate", args=[batch_id]) if batch_id else "",
            )
        else:
            found[r["document_id"]] = freezing.Freeze(
                state=freezing.FILED,
                archival_code=code,
                message=gettext(
                    "该文档已归档（档号 %(code)s，归档版本 v%(n)s），不能再添加版本、签出、添加附件或修改；"
                    "著录项的更正由经理在档案记录中办理。"
                )
                % {"code": code, "n": r["version__number"]},
                record_url=record_url,
                version_id=r["version_id"],
            )
    return found


def _viewer_context(request, version) -> dict:
    from archive.models import ArchiveRecord, Original

    document = version.document
    return {
        "record": ArchiveRecord.objects.filter(document=document).select_related("box").first(),
        "originals": list(
            Original.objects.filter(document=document)
            .select_related("home", "current_movement__holder")
            .order_by("pk")
        ),
    }


def register() -> None:
    viewer_panels.register(
        Panel(
            key="archive.viewer",
            label=_("归档与原件"),
            template="archive/viewer_panel.html",
            context=_viewer_context,
            order=20,
        )
    )
    # Every reader of a document or dossier page may open its archive side (the page checks the same).
    document_actions.register(
        Action(
            key="archive.document",
            label=_("归档与原件"),
            url_name="archive:document",
            order=20,
            when_disposed=True,
        )
    )
    dossier_actions.register(
        Action(key="archive.dossier", label=_("归档与原件"), url_name="archive:dossier", order=20)
    )
    if document_freezes not in freezing.document_freezers:
        freezing.document_freezers.append(document_freezes)
    from archive import selectors

    if selectors.documents_by_code not in registry.document_lookups:
        registry.document_lookups.append(selectors.documents_by_code)
    for source, target in (
        (document_badges, registry.document_badges),
        (dossier_badges, registry.dossier_badges),
    ):
        if source not in target:
            target.append(source)
    registry.document_bulk_actions.register(
        registry.BulkAction(
            key="archive.file",
            label=_("归档"),
            run=file_selected,
            visible=lambda user: permissions.can_keep(user),
            order=10,
        )
    )


FILED = _("已归档")
OUT = _("借出中")


def document_badges(rows) -> dict:
    """已归档 and 借出中 (an original out): two queries per page."""
    from archive.models import ArchiveRecord, Original

    ids = [r.pk for r in rows]
    found: dict[int, list] = {}
    filed = ArchiveRecord.objects.filter(document_id__in=ids, status=ArchiveRecord.Status.FILED)
    for pk in filed.values_list("document_id", flat=True):
        found.setdefault(pk, []).append(Badge("archive.filed", FILED, "ok", order=30))
    out = Original.objects.filter(document_id__in=ids, status=Original.Status.OUT)
    for pk in out.values_list("document_id", flat=True).distinct():
        found.setdefault(pk, []).append(Badge("archive.out", OUT, "warn", order=40))
    return found


def dossier_badges(rows) -> dict:
    """已归档 N and 借出中 N of the dossier's documents: two queries per page."""
    from django.db.models import Count

    from archive.models import ArchiveRecord, Original

    ids = [r.pk for r in rows]
    found: dict[int, list] = {}
    filed = (
        ArchiveRecord.objects.filter(document__dossier_id__in=ids, status=ArchiveRecord.Status.FILED)
        .values_list("document__dossier_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, n in filed:
        found.setdefault(pk, []).append(Badge("archive.filed", f"{FILED} {n}", "ok", order=30))
    out = (
        Original.objects.filter(document__dossier_id__in=ids, status=Original.Status.OUT)
        .values_list("document__dossier_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, n in out:
        found.setdefault(pk, []).append(Badge("archive.out", f"{OUT} {n}", "warn", order=40))
    return found


def file_selected(actor, documents) -> str:
    """File each selected document with its type's default category and retention (as the archive page
    does); those already filed, without a default or otherwise refused are skipped and named."""
    from archive import services
    from core.errors import DomainError

    filed, skipped = [], []
    for document in documents:
        try:
            record = services.file_document(actor, document)
        except DomainError as exc:
            if exc.status == 403:
                raise
            skipped.append(f"《{document.title}》{exc.detail}")
        else:
            filed.append(record.archival_code)
    message = gettext("已归档 %(n)s 份：%(codes)s。") % {"n": len(filed), "codes": "、".join(filed) or "—"}
    if skipped:
        message += gettext("未归档 %(n)s 份：%(why)s") % {"n": len(skipped), "why": "；".join(skipped)}
    return message
