"""Using an approved request: electronic stamping (image + cross-page seal + signature) and physical impressions.

Stamping works only on the exact approved bytes (sha256 checked on what the store returns) and never past
the approved impressions: the count is checked again under a row lock on the item (select_for_update on
PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers), so two stampings at once cannot pass it.
The file work (stamping, signing, validating and storing the result or the scan) is done before that
transaction, so that SQLite's write lock is never held over parsing or an fsync; the checks of the approval,
the hash and the count stay inside it.
"""

import hashlib
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, Forbidden, InvalidInput
from docstore import freezing
from docstore.models import Version
from docstore.services import documents as docstore
from seals import states
from seals.engine import signing
from seals.engine import stamp as engine
from seals.models import Impression, SealRequest, SealRequestItem
from seals.services import notices
from seals.services.placements import approved_placements, require_approved
from seals.services.requests import _require_active, clean_placements, pdf_error, read_bytes
from storage.registry import get_store


def can_stamp(user, item: SealRequestItem) -> bool:
    return user.pk in (item.request.requester_id, item.seal.custodian_id)


def _check_usable(item: SealRequestItem, action: str, count: int, *, allow_over: bool = False) -> None:
    # A fully stamped request passes the table and falls to the count check below: its impressions are used up.
    states.REQUEST.require(item.request, action)
    _require_active(item.seal)
    # Filed: no stamped copy (a new version) of it; disposed: nothing at all (409 filed, 410 disposed).
    electronic = item.mode == SealRequestItem.Mode.ELECTRONIC
    (freezing.require_not_frozen if electronic else freezing.require_not_disposed)(item.version.document_id)
    if not item.approved_sha256 or item.version.sha256 != item.approved_sha256:
        raise Conflict(_("文件版本与批准时不一致，拒绝用印。"), code="version_mismatch")
    if not allow_over and item.used + count > item.impressions:
        raise Conflict(
            _("超过批准的用印次数：已批准 %(ok)s 次，已用 %(used)s 次，本次 %(n)s 次。")
            % {"ok": item.impressions, "used": item.used, "n": count},
            code="impressions_exceeded",
        )


def _after_use(locked_req: SealRequest, action: str) -> str:
    """Partly or fully stamped: the table's target, once this use is counted."""
    status = states.REQUEST.check(locked_req, action)
    if locked_req.status != status:
        locked_req.status = status
        locked_req.save(update_fields=["status"])
    return status


def _load(item_id: int) -> SealRequestItem:
    return SealRequestItem.objects.select_related("request", "seal", "version__document").get(pk=item_id)


def stamp_item(actor, item: SealRequestItem, *, placements=None, version: Version | None = None) -> Version:
    """Stamp an approved electronic item: seal image at the placements, the cross-page seal, the signature."""
    item = _load(item.pk)
    req = item.request
    if not can_stamp(actor, item):
        raise Forbidden(_("只有申请人或印章保管人可以用印。"), code="not_stamper")
    if item.mode != SealRequestItem.Mode.ELECTRONIC:
        raise Conflict(_("这一项是实物用印，请登记实物用印次数。"), code="wrong_mode")
    if version is not None and version.pk != item.version_id:
        raise Conflict(_("只能在批准的文件版本上用印。"), code="version_mismatch")
    approved = approved_placements(item)
    count = len(approved) + int(item.cross_page)
    _check_usable(item, "stamp", count)
    if not item.seal.image_sha256:
        raise Conflict(_("印章没有印模图片，不能电子用印。"), code="no_seal_image")
    data = read_bytes(item.version)  # parsed once by the engine below (twice when placements are given)
    if hashlib.sha256(data).hexdigest() != item.approved_sha256:
        raise Conflict(_("存储的文件与批准时的 SHA-256 不一致，拒绝用印。"), code="version_changed")
    if placements not in (None, []):  # none given: the approved ones; given: they must be the approved ones
        given = clean_placements(item.version, placements, item.seal)
        try:
            require_approved(item, engine.open_pdf(data), approved, given)
        except engine.StampError as exc:
            raise pdf_error(exc) from exc
    placements = approved
    with get_store().open(item.seal.image_sha256) as stream:
        seal_png = stream.read()
    # A fixed, untranslated text: it is part of the signed document and verification reads the numbers back.
    reason = f"用章申请 #{req.pk}/{item.pk} {item.seal.name}"
    signed, made = None, 0
    for incremental in (True, False):  # a file with a broken xref table is rewritten whole, then signed
        try:
            stamped, made = engine.stamp_pdf(
                data,
                seal_png,
                size_mm=float(item.seal.size_mm),
                placements=placements,
                cross_page=item.cross_page,
                incremental=incremental,
            )
            signed = signing.sign(stamped, reason=reason, location=item.seal.company)
            break
        except engine.StampError as exc:
            raise pdf_error(exc) from exc
        except signing.SigningFailed as exc:
            if not incremental:
                raise InvalidInput(
                    _("无法为用印后的 PDF 签名：文件结构已损坏。"), code="sign_failed"
                ) from exc
    signed_file = io.BytesIO(signed)
    prepared = docstore.prepare_file(signed_file)  # validated and stored before the write lock
    with transaction.atomic():
        locked = SealRequestItem.objects.select_for_update().get(pk=item.pk)
        locked_req = SealRequest.objects.select_for_update().get(pk=req.pk)
        locked.request, locked.seal, locked.version = locked_req, item.seal, item.version
        _check_usable(locked, "stamp", made)
        if approved_placements(locked) != placements:  # voided and approved again elsewhere meanwhile
            raise Conflict(_("用印期间批准的盖章位置已变更，请重新用印。"), code="placements_not_approved")
        new_version = docstore.add_version(
            actor,
            item.version.document,
            file=signed_file,
            filename=item.version.filename,
            comment=_("电子用印：%(seal)s，用章申请 #%(r)s") % {"seal": item.seal.name, "r": req.pk},
            origin=Version.Origin.STAMP,
            origin_detail={"seal_request_item": item.pk},
            skip_hooks=True,
            prepared=prepared,
        )
        locked.used += made
        locked.save(update_fields=["used"])
        row = Impression.objects.create(
            item=locked,
            request=locked_req,
            seal=item.seal,
            document=item.version.document,
            dossier=item.version.document.dossier,
            requester=locked_req.requester,
            approver=locked_req.decided_by,
            recorded_by=actor,
            count=made,
            mode=SealRequestItem.Mode.ELECTRONIC,
            made_on=timezone.localdate(),
            result_version=new_version,
        )
        status = _after_use(locked_req, "stamp")
        audit.record(
            actor,
            "seal_request.stamped",
            locked_req,
            item=item.pk,
            impressions=made,
            version=new_version.pk,
            sha256=new_version.sha256,
            placements=placements,
            status=status,
        )
        notices.impression_made(actor, row)
    return new_version


def _require_reason(item: SealRequestItem, count: int, reason: str) -> None:
    if item.used + count > item.impressions and not reason:
        raise InvalidInput(
            _("超过批准的用印次数（已批准 %(ok)s 次，已用 %(used)s 次），必须填写原因。")
            % {"ok": item.impressions, "used": item.used},
            code="reason_required",
        )


def record_impressions(
    actor, item: SealRequestItem, *, count: int, made_on=None, reason: str = "", scan=None, scan_filename=""
) -> Impression:
    """The custodian records impressions made on paper; past the approved count needs a reason (anomaly)."""
    item = _load(item.pk)
    if actor.pk != item.seal.custodian_id:
        raise Forbidden(_("只有印章保管人可以登记实物用印。"), code="not_custodian")
    if item.mode != SealRequestItem.Mode.PHYSICAL:
        raise Conflict(_("这一项是电子用印，请使用电子用印。"), code="wrong_mode")
    try:
        count = int(count)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("用印次数必须是整数。"), code="bad_count") from exc
    if count < 1:
        raise InvalidInput(_("用印次数至少为 1。"), code="bad_count")
    made_on = made_on or timezone.localdate()
    if made_on > timezone.localdate():
        raise InvalidInput(_("用印日期不能晚于今天。"), code="bad_date")
    reason = (reason or "").strip()
    _check_usable(item, "record_impressions", count, allow_over=True)
    _require_reason(item, count, reason)  # before the scan is stored; again under the lock below
    prepared = docstore.prepare_file(scan) if scan is not None else None  # before the write lock
    with transaction.atomic():
        locked = SealRequestItem.objects.select_for_update().get(pk=item.pk)
        locked_req = SealRequest.objects.select_for_update().get(pk=item.request_id)
        locked.request, locked.seal, locked.version = locked_req, item.seal, item.version
        _check_usable(locked, "record_impressions", count, allow_over=True)
        anomaly = locked.used + count > locked.impressions
        _require_reason(locked, count, reason)
        scanned = None
        if scan is not None:
            scanned = docstore.add_version(
                actor,
                item.version.document,
                file=scan,
                filename=scan_filename or "scan.pdf",
                comment=_("实物用印扫描件：%(seal)s，用章申请 #%(r)s")
                % {"seal": item.seal.name, "r": locked_req.pk},
                origin=Version.Origin.STAMP,
                origin_detail={"seal_request_item": item.pk, "mode": "physical"},
                skip_hooks=True,
                prepared=prepared,
            )
        locked.used += count
        locked.save(update_fields=["used"])
        row = Impression.objects.create(
            item=locked,
            request=locked_req,
            seal=item.seal,
            document=item.version.document,
            dossier=item.version.document.dossier,
            requester=locked_req.requester,
            approver=locked_req.decided_by,
            recorded_by=actor,
            count=count,
            mode=SealRequestItem.Mode.PHYSICAL,
            made_on=made_on,
            anomaly=anomaly,
            reason=reason[:500],
            result_version=scanned,
        )
        status = _after_use(locked_req, "record_impressions")
        audit.record(
            actor,
            "seal_request.impressions_recorded",
            locked_req,
            item=item.pk,
            count=count,
            anomaly=anomaly,
            reason=reason,
            status=status,
        )
        notices.impression_made(actor, row)
    return row
