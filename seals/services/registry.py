"""The seal registry: registering a seal, its image, its custodian and its lifecycle. Only the manager."""

import io
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import InvalidInput
from seals import states
from seals.engine.images import BadImage, clean_impression
from seals.models import Seal, SealStatusChange
from storage.registry import get_store

MAX_IMAGE_BYTES = 10 * 1024 * 1024


def require_manager(actor) -> None:
    require_role(actor, MANAGER, message=_("只有客服部经理可以执行此操作。"))


def _check_custodian(user) -> None:
    if user is None or not has_role(user, CLERK, FIELD_STAFF, MANAGER):
        raise InvalidInput(_("保管人必须是客服部员工。"), code="bad_custodian")


def store_image(data: bytes) -> str:
    """Clean an uploaded impression (transparent background, cropped) and keep it in the blob store."""
    if not data:
        raise InvalidInput(_("请上传印模图片。"), code="empty_file")
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(_("印模图片过大：上限为 10 MB。"), code="too_large")
    try:
        png = clean_impression(data)
    except BadImage as exc:
        raise InvalidInput(
            _("无法识别印模图片：请上传透明背景的 PNG 或白纸扫描件。"), code="bad_image"
        ) from exc
    return get_store().put(io.BytesIO(png)).sha256


def register_seal(
    actor,
    *,
    name: str,
    kind: str,
    company: str,
    custodian,
    size_mm=40,
    image: bytes | None = None,
    registered_on: date | None = None,
) -> Seal:
    require_manager(actor)
    name, company = (name or "").strip(), (company or "").strip()
    if not name or not company:
        raise InvalidInput(_("印章名称和所属公司都必须填写。"))
    if kind not in Seal.Kind.values:
        raise InvalidInput(_("印章类别无效。"), code="bad_kind")
    try:
        size = float(size_mm)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("印章尺寸无效。")) from exc
    if not 5 <= size <= 120:
        raise InvalidInput(_("印章尺寸应在 5 到 120 毫米之间。"))
    _check_custodian(custodian)
    sha256 = store_image(image) if image is not None else ""
    with transaction.atomic():
        seal = Seal.objects.create(
            name=name[:100],
            kind=kind,
            company=company[:100],
            custodian=custodian,
            size_mm=round(size, 1),
            image_sha256=sha256,
            registered_on=registered_on or timezone.localdate(),
            status_changed_at=timezone.now(),
            created_by=actor,
        )
        SealStatusChange.objects.create(
            seal=seal,
            from_status="",
            to_status=states.SealStatus.REGISTERED,
            effective_on=seal.registered_on,
            reason=_("刻制并备案"),
            actor=actor,
        )
        audit.record(actor, "seal.registered", seal, kind=kind, custodian=custodian.pk, image=sha256)
    return seal


def change_seal_status(actor, seal: Seal, *, to_status: str, reason: str = "", effective_on=None) -> Seal:
    require_manager(actor)
    if to_status not in states.SealStatus.values:
        raise InvalidInput(_("印章状态无效。"), code="bad_status")
    reason = (reason or "").strip()
    if to_status in (states.SealStatus.SUSPENDED, states.SealStatus.DESTROYED) and not reason:
        raise InvalidInput(_("停用或销毁印章必须填写原因。"), code="reason_required")
    with transaction.atomic():
        locked = Seal.objects.select_for_update().get(pk=seal.pk)
        states.SEAL.check(locked, states.seal_action(locked, to_status))
        if to_status == states.SealStatus.ACTIVE and not locked.image_sha256:
            raise InvalidInput(_("启用前请先上传印模图片。"), code="image_required")
        before = locked.status
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
        SealStatusChange.objects.create(
            seal=locked,
            from_status=before,
            to_status=to_status,
            effective_on=effective_on or timezone.localdate(),
            reason=reason[:500],
            actor=actor,
        )
        audit.record(actor, "seal.status_changed", locked, before=before, after=to_status, reason=reason)
    return locked


def set_seal_image(actor, seal: Seal, image: bytes) -> Seal:
    require_manager(actor)
    if seal.status == states.SealStatus.DESTROYED:
        raise InvalidInput(_("已销毁的印章不能更换印模。"), code="wrong_state")
    sha256 = store_image(image)
    with transaction.atomic():
        before = seal.image_sha256
        Seal.objects.filter(pk=seal.pk).update(image_sha256=sha256)
        seal.image_sha256 = sha256
        audit.record(actor, "seal.image_changed", seal, before=before, after=sha256)
    return seal


def change_custodian(actor, seal: Seal, custodian) -> Seal:
    require_manager(actor)
    _check_custodian(custodian)
    with transaction.atomic():
        before = seal.custodian_id
        Seal.objects.filter(pk=seal.pk).update(custodian=custodian)
        seal.custodian = custodian
        audit.record(actor, "seal.custodian_changed", seal, before=before, after=custodian.pk)
    return seal
