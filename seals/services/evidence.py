"""Evidence of paper stamping (用印凭证): photos or scans of an item's stamped pages, compared with the approved
version, and a manager's acceptance of a mismatch after looking at it.

The upload (one PDF, or several images and PDFs, in page order) becomes one PDF, stored as a new version of
the item's document marked origin=stamp_evidence, and answers at once: the evidence is "checking". The
comparison (seals.engine.evidence: rendering every page, seconds) runs in the worker (seals.tasks), which
keeps its result with the evidence, so the anomaly list needs no rendering. An approved .docx is compared
through its PDF rendition (LibreOffice, as the template fill makes it).
"""

import io
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts import audit
from accounts.roles import MANAGER, has_role
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, TooLarge, UnsupportedMedia
from docstore import selectors as doc_selectors
from docstore import templating
from docstore.models import Version
from docstore.services import documents as docstore
from docstore.validation import DOCX
from seals import states
from seals.engine import evidence as compare_engine
from seals.models import SealRequestItem, StampEvidence
from seals.services.requests import read_bytes

log = logging.getLogger(__name__)
PDF = "application/pdf"
MAX_FILES = 500
# Requests whose paper may have been stamped: approved and in use, or closed after use.
STAMPABLE = {*states.USING, states.RequestStatus.CLOSED}


def can_add_evidence(user, item: SealRequestItem) -> bool:
    """The seal's custodian (who stamped), the requester (who took the paper away) or a manager."""
    return user.pk in (item.seal.custodian_id, item.request.requester_id) or has_role(user, MANAGER)


def _as_pdf(files: list[tuple[bytes, str]]) -> bytes:
    """One PDF of all the files in order: a PDF's pages as they are, each image a page of its own."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    if len(files) == 1 and files[0][0][:1024].lstrip().startswith(b"%PDF-"):
        return files[0][0]
    writer = PdfWriter()
    for data, name in files:
        if data[:1024].lstrip().startswith(b"%PDF-"):
            try:
                writer.append(PdfReader(io.BytesIO(data), strict=False))
            except (PdfReadError, ValueError, KeyError, TypeError) as exc:
                raise InvalidInput(
                    _("“%(name)s”不是可读的 PDF。") % {"name": name}, code="bad_evidence"
                ) from exc
            continue
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                page = io.BytesIO()
                upright = ImageOps.exif_transpose(image)  # a phone photo taken sideways says so in EXIF
                upright.convert("RGB").save(
                    page, "PDF", resolution=float(image.info.get("dpi", (150, 150))[0] or 150)
                )
        except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
            raise UnsupportedMedia(
                _("“%(name)s”既不是 PDF 也不是图片。") % {"name": name}, code="unsupported_evidence"
            ) from exc
        except OSError as exc:
            raise InvalidInput(_("图片“%(name)s”已损坏。") % {"name": name}, code="bad_evidence") from exc
        writer.append(PdfReader(page))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _read(files) -> list[tuple[bytes, str]]:
    """[(bytes, name)] of the uploaded files, within the size limit."""
    out, total = [], 0
    for upload in files:
        name = getattr(upload, "name", "") or "evidence"
        data = upload.read(settings.MAX_UPLOAD_BYTES + 1)
        total += len(data)
        if total > settings.MAX_UPLOAD_BYTES:
            raise TooLarge()
        if not data:
            raise InvalidInput(_("文件“%(name)s”为空。") % {"name": name}, code="empty_file")
        out.append((data, name))
    return out


def _approved_pdf(version: Version) -> tuple[bytes | None, str]:
    """The approved version as a PDF to compare with, or (None, why not): a .docx through its PDF rendition
    (the one a template fill made, else LibreOffice now: this runs in the worker)."""
    if version.media_type == PDF:
        return read_bytes(version), ""
    if version.media_type.startswith("image/"):
        return _as_pdf([(read_bytes(version), version.filename)]), ""
    if version.media_type == DOCX:
        made = doc_selectors.pdf_rendition(version)
        if made is not None:
            return read_bytes(made), ""
        if templating.soffice() is None:
            return None, _("服务器未安装 LibreOffice，无法把 DOCX 转为页面")
        try:
            return templating.to_pdf(read_bytes(version)), ""
        except DomainError:
            return None, _("DOCX 转换为 PDF 失败")
    return None, _("批准的文件格式（%(type)s）无法转为页面") % {"type": version.media_type or "?"}


def add_evidence(actor, item: SealRequestItem, *, files) -> StampEvidence:
    """Store photos or scans of a physical item's stamped paper and compare them with the approved version."""
    item = SealRequestItem.objects.select_related("request", "seal", "version__document").get(pk=item.pk)
    if not can_add_evidence(actor, item):
        raise Forbidden(_("只有印章保管人、申请人或经理可以上传用印凭证。"), code="not_allowed")
    if item.mode != SealRequestItem.Mode.PHYSICAL:
        raise Conflict(_("电子用印的文件本身带有签名，不需要用印凭证。"), code="wrong_mode")
    if item.request.status not in STAMPABLE:
        raise Conflict(
            _("申请尚未批准（当前：%(state)s），还没有可以拍照的用印文件。")
            % {"state": item.request.get_status_display()},
            code="not_approved",
        )
    files = list(files or [])
    if not files:
        raise InvalidInput(_("请上传用印页的照片或扫描件。"), code="no_files")
    if len(files) > MAX_FILES:
        raise InvalidInput(_("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}, code="too_many_files")
    pdf = _as_pdf(_read(files))
    try:
        count = compare_engine.page_count(pdf)
    except compare_engine.EvidenceError as exc:
        raise InvalidInput(_("凭证文件无法读取。"), code="bad_evidence") from exc
    if not count:
        raise InvalidInput(_("凭证文件没有页面。"), code="bad_evidence")
    with transaction.atomic():
        version = docstore.add_version(
            actor,
            item.version.document,
            file=io.BytesIO(pdf),
            filename=f"stamp-evidence-{item.request_id}-{item.pk}.pdf",
            comment=_("用印凭证：%(seal)s，用章申请 #%(r)s") % {"seal": item.seal.name, "r": item.request_id},
            origin=Version.Origin.STAMP_EVIDENCE,
            origin_detail={"seal_request_item": item.pk},
            skip_hooks=True,
        )
        row = StampEvidence.objects.create(
            item=item,
            version=version,
            status=states.EvidenceStatus.CHECKING,
            approved_pages=item.version.page_count or 0,
            evidence_pages=count,
            impressions_found=0,
            uploaded_by=actor,
        )
        audit.record(
            actor,
            "seal_request.evidence_added",
            item.request,
            item=item.pk,
            evidence=row.pk,
            version=version.pk,
            status=row.status,
        )
        # Queued inside the transaction: the database backend's task row commits with the evidence (a rolled
        # back upload queues nothing); the immediate backend (tests, demos) compares here and now.
        from seals import tasks

        tasks.compare_evidence.enqueue(row.pk)
    return StampEvidence.objects.get(pk=row.pk)


def _compare(item: SealRequestItem, evidence_pdf: bytes) -> dict:
    """The comparison's result as the evidence keeps it; slow (every page rendered), outside any transaction."""
    pages = compare_engine.render(evidence_pdf)
    approved_pdf, why_not = _approved_pdf(item.version)
    if approved_pdf is None:  # a person compares, and the finding says why
        return {"findings": [{"code": "not_comparable", "reason": str(why_not)}], "pages": [], "found": 0,
                "approved_pages": item.version.page_count or 0}  # fmt: skip
    approved = compare_engine.render(approved_pdf)
    report = compare_engine.compare(
        approved,
        pages,
        impressions=max(item.impressions - int(item.cross_page), 0),
        cross_page=item.cross_page,
    )
    rows = [row.as_dict() for row in report.pages]
    found = sum(1 for row in rows for seal in row["seals"] if not seal["strip"])
    return {"findings": report.findings, "pages": rows, "found": found, "approved_pages": len(approved)}


def compare_evidence(evidence_id: int) -> StampEvidence | None:
    """The worker's half of an upload: compare the evidence with the approved version and record matched or
    mismatch (409 once compared). Whatever fails is a finding for a person, never an evidence left checking."""
    row = (
        StampEvidence.objects.select_related("item__request", "item__seal", "item__version", "version")
        .filter(pk=evidence_id)
        .first()
    )
    if row is None:
        return None
    states.EVIDENCE.require(row, "compare")
    try:
        result = _compare(row.item, read_bytes(row.version))
    except Exception as exc:  # an unreadable file, a renderer's failure: said, not swallowed
        log.exception("comparing stamp evidence %s failed", row.pk)
        reason = _("比对出错：%(error)s") % {"error": exc.__class__.__name__}
        result = {"findings": [{"code": "not_comparable", "reason": reason}], "pages": [], "found": 0,
                  "approved_pages": row.approved_pages}  # fmt: skip
    with transaction.atomic():
        locked = StampEvidence.objects.select_for_update().get(pk=row.pk)
        locked.findings, locked.pages = result["findings"], result["pages"]
        locked.impressions_found, locked.approved_pages = result["found"], result["approved_pages"]
        locked.status = states.EVIDENCE.check(locked, "compare")
        locked.save(update_fields=["findings", "pages", "impressions_found", "approved_pages", "status"])
        audit.record(
            None,
            "seal_request.evidence_compared",
            row.item.request,
            item=row.item_id,
            evidence=locked.pk,
            status=locked.status,
            findings=[f["code"] for f in locked.findings],
        )
    return locked


def accept_evidence(actor, evidence: StampEvidence, *, note: str) -> StampEvidence:
    """A manager has looked at a mismatch and accepts it, saying why; it leaves the anomaly list."""
    if not has_role(actor, MANAGER):
        raise Forbidden(_("只有经理可以核实用印凭证。"), code="not_manager")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("请填写核实说明。"), code="note_required")
    with transaction.atomic():
        locked = StampEvidence.objects.select_for_update().get(pk=evidence.pk)
        locked.status = states.EVIDENCE.check(locked, "accept")
        locked.accepted_by, locked.accepted_at, locked.accept_note = actor, timezone.now(), note[:500]
        locked.save(update_fields=["status", "accepted_by", "accepted_at", "accept_note"])
        audit.record(
            actor, "seal_request.evidence_accepted", locked.item.request, evidence=locked.pk, note=note
        )
    return locked
