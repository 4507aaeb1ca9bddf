"""What archive adds to docstore: page actions, and the freezer that tells docstore which documents are filed
or disposed of (with the words that name the archival code); registered from `ArchiveConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from docstore import freezing
from docstore.registry import Action, Panel, document_actions, dossier_actions, viewer_panels


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
