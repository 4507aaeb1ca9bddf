"""The seal-use application (用章申请): items, submission, the manager's decision, withdrawal, closing.

Every transition is one function, one transaction and one audit event; which transition is allowed from
which state is the table `seals.states.REQUEST`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import Conflict, Forbidden, InvalidInput
from docstore import freezing
from docstore import selectors as docstore_selectors
from docstore.models import Dossier, Version
from seals import states
from seals.engine import stamp as engine
from seals.models import ApprovalStep, Seal, SealRequest, SealRequestItem
from seals.services import notices, routing
from storage.registry import get_store

RS = states.RequestStatus
PDF = "application/pdf"
MAX_IMPRESSIONS = 500
MAX_ITEMS = 200


def _require_requester(actor, req: SealRequest) -> None:
    if req.requester_id != actor.pk:
        raise Forbidden(_("只有申请人本人可以执行此操作。"), code="not_requester")


def _lock(req: SealRequest) -> SealRequest:
    return SealRequest.objects.select_for_update().get(pk=req.pk)


def _require_active(seal: Seal) -> None:
    if not seal.is_active:
        raise Conflict(
            _("印章“%(seal)s”当前为“%(state)s”，不能申请或使用。")
            % {"seal": seal.name, "state": seal.get_status_display()},
            code="seal_not_active",
        )


def read_bytes(version: Version) -> bytes:
    with get_store().open(version.sha256) as stream:
        return stream.read()


def pdf_error(exc: "engine.StampError") -> InvalidInput:
    """The user's words for a PDF the engine cannot open."""
    if str(exc) == "encrypted":
        return InvalidInput(_("PDF 已加密，无法电子用印：请提供未加密的文件。"), code="encrypted_pdf")
    if str(exc) in ("damaged", "no pages"):
        return InvalidInput(_("PDF 文件已损坏，无法电子用印。"), code="damaged_pdf")
    return InvalidInput(_("无法在此 PDF 上用印：%(why)s") % {"why": exc}, code="stamp_failed")


def read_pdf(version: Version):
    """Open an item's PDF as it is in the store (a damaged one through its repaired copy); InvalidInput when
    it is encrypted or damaged beyond repair."""
    data = docstore_selectors.readable_pdf_bytes(version) if version.damaged else read_bytes(version)
    try:
        return data, engine.open_pdf(data)
    except engine.StampError as exc:
        raise pdf_error(exc) from exc


def clean_item(data: dict) -> dict:
    """Validate one item {version, seal, impressions, cross_page, mode, placements}."""
    version, seal = data.get("version"), data.get("seal")
    if not isinstance(version, Version) or not isinstance(seal, Seal):
        raise InvalidInput(_("每一项都必须指定文件版本和印章。"), code="bad_item")
    freezing.require_not_disposed(version.document_id)
    _require_active(seal)
    try:
        impressions = int(data.get("impressions", 1))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("用印次数必须是整数。"), code="bad_impressions") from exc
    if not 1 <= impressions <= MAX_IMPRESSIONS:
        raise InvalidInput(
            _("用印次数应在 1 到 %(n)s 之间。") % {"n": MAX_IMPRESSIONS}, code="bad_impressions"
        )
    mode = data.get("mode") or SealRequestItem.Mode.PHYSICAL
    if mode not in SealRequestItem.Mode.values:
        raise InvalidInput(_("用印方式无效。"), code="bad_mode")
    cross_page = bool(data.get("cross_page", False))
    placements = data.get("placements") or []
    if mode == SealRequestItem.Mode.ELECTRONIC:
        freezing.require_not_frozen(version.document_id)  # the stamped copy would be a new version
        if version.media_type != PDF:
            raise InvalidInput(_("电子用印只适用于 PDF 文件。"), code="not_pdf")
        placements = clean_placements(version, placements, seal)
        if len(placements) + int(cross_page) > impressions:
            raise InvalidInput(
                _("盖章位置和骑缝章共 %(n)s 处，超过申请的用印次数。")
                % {"n": len(placements) + int(cross_page)},
                code="bad_impressions",
            )
    else:
        placements = []
    return {
        "version": version,
        "seal": seal,
        "impressions": impressions,
        "mode": mode,
        "cross_page": cross_page,
        "placements": placements,
    }


def clean_placements(version: Version, placements, seal: Seal) -> list:
    if not isinstance(placements, list) or not all(isinstance(p, dict) for p in placements):
        raise InvalidInput(_("盖章位置格式无效：应为 [{page, x, y}] 或 [{preset}]。"), code="bad_placements")
    _data, reader = read_pdf(version)
    boxes = [engine.page_box(page) for page in reader.pages]
    try:
        engine.resolve_placements(placements, boxes, float(seal.size_mm))
    except (engine.StampError, TypeError, ValueError) as exc:
        raise InvalidInput(_("盖章位置无效：%(why)s") % {"why": exc}, code="bad_placements") from exc
    cleaned = []
    for p in placements:
        if "preset" in p:
            cleaned.append({"preset": p["preset"]})
        else:
            page = p["page"] if p["page"] in ("last", -1) else int(p["page"])
            cleaned.append({"page": page, "x": float(p["x"]), "y": float(p["y"])})
    return cleaned


def _clean_header(purpose, recipient, dossier) -> tuple[str, str]:
    purpose = (purpose or "").strip()
    if not purpose:
        raise InvalidInput(_("请填写用印事由。"), code="purpose_required")
    if recipient not in SealRequest.Recipient.values:
        raise InvalidInput(_("用印对象无效。"), code="bad_recipient")
    if dossier is not None and not isinstance(dossier, Dossier):
        raise InvalidInput(_("案卷无效。"))
    return purpose[:500], recipient


def create_request(
    actor, *, purpose: str, recipient: str, dossier=None, items=(), batch: bool = False
) -> SealRequest:
    """A new application in draft, with its items. A batch covers items across dossiers: it names a dossier
    only when all its items share one."""
    require_role(actor, CLERK, FIELD_STAFF, MANAGER)
    purpose, recipient = _clean_header(purpose, recipient, dossier)
    if batch and not items:
        raise InvalidInput(_("批量申请至少需要一项文件。"), code="no_items")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(_("一份申请最多 %(n)s 项文件。") % {"n": MAX_ITEMS}, code="too_many_items")
    cleaned = [clean_item(item) for item in items]
    if batch and dossier is None:
        dossiers = {c["version"].document.dossier_id for c in cleaned}
        dossier = cleaned[0]["version"].document.dossier if len(dossiers) == 1 else None
    elif dossier is None:
        dossier = next(
            (c["version"].document.dossier for c in cleaned if c["version"].document.dossier_id), None
        )
    with transaction.atomic():
        req = SealRequest.objects.create(
            requester=actor, purpose=purpose, recipient=recipient, dossier=dossier, batch=batch
        )
        SealRequestItem.objects.bulk_create(
            SealRequestItem(request=req, position=i, **item) for i, item in enumerate(cleaned)
        )
        audit.record(actor, "seal_request.created", req, items=len(cleaned), batch=batch)
    return req


def _void_if_approved(actor, locked: SealRequest) -> str:
    """Editing: allowed while editable; after approval it voids the approval (back to draft)."""
    before = locked.status
    target = states.REQUEST.check(locked, "edit")
    if target != before:
        locked.status = target
        locked.approval, locked.decided_by, locked.decided_at, locked.decision_comment = {}, None, None, ""
        locked.valid_until = None
        locked.items.update(approved_sha256="")
        locked.save(
            update_fields=[
                "status",
                "approval",
                "decided_by",
                "decided_at",
                "decision_comment",
                "valid_until",
            ]
        )
    return before


def update_request(actor, req: SealRequest, *, purpose=None, recipient=None, dossier=None) -> SealRequest:
    _require_requester(actor, req)
    with transaction.atomic():
        locked = _lock(req)
        before = _void_if_approved(actor, locked)
        purpose, recipient = _clean_header(
            locked.purpose if purpose is None else purpose,
            locked.recipient if recipient is None else recipient,
            dossier,
        )
        locked.purpose, locked.recipient = purpose, recipient
        if dossier is not None:
            locked.dossier = dossier
        locked.save(update_fields=["purpose", "recipient", "dossier"])
        audit.record(actor, "seal_request.changed", locked, before=before, voided=before == RS.APPROVED)
    return locked


def add_item(actor, req: SealRequest, **data) -> SealRequestItem:
    _require_requester(actor, req)
    states.REQUEST.require(req, "edit")
    cleaned = clean_item(data)
    with transaction.atomic():
        locked = _lock(req)
        before = _void_if_approved(actor, locked)
        position = locked.items.count()
        if position >= MAX_ITEMS:
            raise InvalidInput(_("一份申请最多 %(n)s 项文件。") % {"n": MAX_ITEMS}, code="too_many_items")
        item = SealRequestItem.objects.create(request=locked, position=position, **cleaned)
        audit.record(actor, "seal_request.item_added", locked, item=item.pk, voided=before == RS.APPROVED)
    return item


def update_item(actor, item: SealRequestItem, **changes) -> SealRequestItem:
    req = item.request
    _require_requester(actor, req)
    states.REQUEST.require(req, "edit")
    current = {
        "version": item.version,
        "seal": item.seal,
        "impressions": item.impressions,
        "mode": item.mode,
        "cross_page": item.cross_page,
        "placements": item.placements,
    }
    current.update({k: v for k, v in changes.items() if k in current})
    cleaned = clean_item(current)
    with transaction.atomic():
        locked = _lock(req)
        before = _void_if_approved(actor, locked)
        for key, value in cleaned.items():
            setattr(item, key, value)
        item.approved_sha256 = ""
        item.save()
        audit.record(
            actor,
            "seal_request.item_changed",
            locked,
            item=item.pk,
            fields=sorted(changes),
            voided=before == RS.APPROVED,
        )
    return item


def remove_item(actor, item: SealRequestItem) -> None:
    req = item.request
    _require_requester(actor, req)
    with transaction.atomic():
        locked = _lock(req)
        before = _void_if_approved(actor, locked)
        item_id = item.pk
        item.delete()
        audit.record(actor, "seal_request.item_removed", locked, item=item_id, voided=before == RS.APPROVED)


def submit_request(actor, req: SealRequest) -> SealRequest:
    """To its approvers: the rule's chain, planned for this submission (routing); the first step is told."""
    _require_requester(actor, req)
    with transaction.atomic():
        locked = _lock(req)
        target = states.REQUEST.check(locked, "submit")
        items = list(locked.items.select_related("seal", "version__document"))
        if not items:
            raise InvalidInput(_("申请至少需要一项文件。"), code="no_items")
        for item in items:
            _require_active(item.seal)
        rule, chain = routing.chain_for(locked, items)
        locked.round += 1
        steps = routing.plan(locked, chain)
        ApprovalStep.objects.bulk_create(steps)
        locked.rule = rule
        locked.current_step = min(s.order for s in steps if s.decision == ApprovalStep.Decision.PENDING)
        locked.status, locked.submitted_at = target, timezone.now()
        locked.decision_comment = ""
        locked.save(
            update_fields=["status", "submitted_at", "decision_comment", "rule", "round", "current_step"]
        )
        audit.record(
            actor,
            "seal_request.submitted",
            locked,
            items=len(items),
            rule=rule.pk if rule else None,
            chain=[[s.seat_ref, s.decision] for s in steps],
        )
        notices.request_submitted(actor, locked)
    return locked


def withdraw_request(actor, req: SealRequest) -> SealRequest:
    _require_requester(actor, req)
    with transaction.atomic():
        locked = _lock(req)
        before = locked.status
        locked.status = states.REQUEST.check(locked, "withdraw")
        locked.save(update_fields=["status"])
        ApprovalStep.objects.filter(request=locked, decision=ApprovalStep.Decision.PENDING).update(
            decision=ApprovalStep.Decision.CANCELLED
        )
        audit.record(actor, "seal_request.withdrawn", locked, before=before)
    return locked


def close_request(actor, req: SealRequest) -> SealRequest:
    if req.requester_id != actor.pk and not has_role(actor, MANAGER):
        raise Forbidden(_("只有申请人或客服部经理可以关闭申请。"))
    with transaction.atomic():
        locked = _lock(req)
        before = locked.status
        locked.status = states.REQUEST.check(locked, "close")
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit.record(actor, "seal_request.closed", locked, before=before)
    return locked
