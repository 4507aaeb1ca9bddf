"""Paper originals: registering them and moving them (check-out, renew, return, hand-over).

Which move is allowed from which state is the table `archive.states.ORIGINAL`; each move writes one Movement.
"""

import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from archive import conf, permissions, signals, states
from archive.models import ArchiveRecord, Location, Movement, Original, PartyType
from archive.services.records import check_box
from core.errors import Conflict, Forbidden, InvalidInput


def _check_home(document, home: Location | None) -> None:
    if home is None:
        return
    if not home.is_box:
        raise InvalidInput(_("原件的存放位置必须是档案盒。"), code="not_a_box")
    record = (
        ArchiveRecord.objects.filter(document=document)
        .select_related("fonds", "retention", "department")
        .first()
    )
    if record is not None:
        check_box(
            home,
            fonds=record.fonds,
            year=record.year,
            retention=record.retention,
            department=record.department,
        )


def register_original(
    actor, document, *, kind: str, home: Location | None = None, label: str = ""
) -> Original:
    permissions.require_keeper(actor)
    if kind not in Original.Kind.values:
        raise InvalidInput(_("未知的原件类别：%(kind)s") % {"kind": kind}, code="bad_kind")
    _check_home(document, home)
    with transaction.atomic():
        original = Original.objects.create(
            document=document, kind=kind, home=home, label=(label or "")[:100], created_by=actor
        )
        audit.record(actor, "original.registered", original, kind=kind, home=home.pk if home else None)
    return original


def move_original_home(actor, original: Original, home: Location) -> Original:
    permissions.require_keeper(actor)
    _check_home(original.document, home)
    with transaction.atomic():
        before = original.home_id
        Original.objects.filter(pk=original.pk).update(home=home)
        original.home = home
        audit.record(actor, "original.moved_home", original, before=before, home=home.pk)
    return original


def default_due(party_type: str, start: datetime.date | None = None) -> datetime.date:
    start = start or timezone.localdate()
    days = conf.internal_loan_days() if party_type == PartyType.COLLEAGUE else conf.external_loan_days()
    return start + datetime.timedelta(days=days)


def overdue_for(holder=None, holder_name: str = "", party_type: str = ""):
    """Open, overdue check-outs of this holder (a colleague by account, an outside party by name)."""
    qs = Movement.objects.filter(
        kind=Movement.Kind.CHECKOUT, closed_at__isnull=True, due_date__lt=timezone.localdate()
    )
    if holder is not None:
        return qs.filter(holder=holder)
    return qs.filter(holder__isnull=True, holder_name=holder_name, party_type=party_type)


def _lock(original: Original) -> Original:
    return (
        Original.objects.select_for_update(of=("self",))
        .select_related("current_movement")
        .get(pk=original.pk)
    )


def _moved(original: Original, movement: Movement, actor) -> None:
    """Tell the apps above, once the movement is committed."""
    transaction.on_commit(
        lambda: signals.original_moved.send(Original, original=original, movement=movement, actor=actor),
        robust=True,
    )


def check_out_original(
    actor,
    original: Original,
    *,
    party_type: str,
    holder=None,
    holder_name: str = "",
    purpose: str,
    due_date: datetime.date | None = None,
    override_reason: str = "",
) -> Movement:
    permissions.require_keeper(actor)
    if party_type not in PartyType.values:
        raise InvalidInput(_("未知的对象类型：%(t)s") % {"t": party_type}, code="bad_party_type")
    purpose = (purpose or "").strip()
    if not purpose:
        raise InvalidInput(_("请填写借出用途。"), code="purpose_required")
    holder_name = (holder_name or "").strip()
    if party_type == PartyType.COLLEAGUE:
        if holder is None:
            raise InvalidInput(_("借给同事时请选择借用人。"), code="holder_required")
        if not holder.is_active:
            raise InvalidInput(_("借用人账号已停用。"), code="holder_inactive")
    else:
        holder = None
        if not holder_name:
            raise InvalidInput(_("请填写借用单位或接收人。"), code="holder_required")
    today = timezone.localdate()
    due_date = due_date or default_due(party_type, today)
    if due_date < today:
        raise InvalidInput(_("应还日期不能早于今天。"), code="bad_due_date")
    with transaction.atomic():
        locked = _lock(original)
        target = states.ORIGINAL.check(locked, "check_out")
        overdue = list(overdue_for(holder, holder_name, party_type)[:5])
        override_by = None
        if overdue:
            if not permissions.is_manager(actor):
                raise Conflict(
                    _("借用人有 %(n)s 件原件逾期未还，须客服部经理特批。") % {"n": len(overdue)},
                    code="holder_overdue",
                )
            if not (override_reason or "").strip():
                raise InvalidInput(
                    _("借用人有逾期未还的原件：特批请填写理由。"), code="override_reason_required"
                )
            override_by = actor
        movement = Movement.objects.create(
            original=locked,
            kind=Movement.Kind.CHECKOUT,
            party_type=party_type,
            holder=holder,
            holder_name=holder_name[:100],
            purpose=purpose[:200],
            due_date=due_date,
            override_by=override_by,
            override_reason=(override_reason or "").strip()[:200] if override_by else "",
            created_by=actor,
        )
        Original.objects.filter(pk=locked.pk).update(status=target, current_movement=movement)
        audit.record(
            actor,
            "original.checked_out",
            locked,
            party_type=party_type,
            holder=movement.holder_label,
            due_date=due_date,
            purpose=purpose,
            override=bool(override_by),
        )
        _moved(locked, movement, actor)
    original.status, original.current_movement = target, movement
    return movement


def _open_checkout(locked: Original, action: str) -> tuple[Movement, str]:
    """The open check-out and the state after `action` (renew or return)."""
    target = states.ORIGINAL.check(locked, action)
    if locked.current_movement is None:  # out without its check-out row: refuse as the table would
        raise Conflict(_("该原件未借出。"), code="not_out")
    return locked.current_movement, target


def renew_original_loan(actor, original: Original, *, due_date: datetime.date | None = None) -> Movement:
    permissions.require_keeper(actor)
    with transaction.atomic():
        locked = _lock(original)
        checkout, _target = _open_checkout(locked, "renew")
        limit = conf.renewal_limit()
        if checkout.renewals >= limit:
            raise Conflict(_("续借次数已达上限（%(n)s 次），请先归还。") % {"n": limit}, code="renewal_limit")
        new_due = due_date or default_due(checkout.party_type, max(checkout.due_date, timezone.localdate()))
        if new_due <= checkout.due_date:
            raise InvalidInput(_("续借后的应还日期须晚于原应还日期。"), code="bad_due_date")
        old_due = checkout.due_date
        checkout.renewals += 1
        checkout.due_date = new_due
        checkout.save(update_fields=["renewals", "due_date"])
        event = Movement.objects.create(
            original=locked,
            kind=Movement.Kind.RENEW,
            checkout=checkout,
            party_type=checkout.party_type,
            holder=checkout.holder,
            holder_name=checkout.holder_name,
            due_date=new_due,
            renewals=checkout.renewals,
            created_by=actor,
        )
        audit.record(
            actor, "original.renewed", locked, before=old_due, due_date=new_due, renewals=checkout.renewals
        )
    return event


def return_original(actor, original: Original, *, pages_complete: bool = True, remarks: str = "") -> Movement:
    permissions.require_keeper(actor)
    remarks = (remarks or "").strip()
    if not pages_complete and not remarks:
        raise InvalidInput(_("页数不完整时请在备注中说明缺少的内容。"), code="remarks_required")
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(original)
        checkout, target = _open_checkout(locked, "return")
        checkout.closed_at = now
        checkout.save(update_fields=["closed_at"])
        event = Movement.objects.create(
            original=locked,
            kind=Movement.Kind.RETURN,
            checkout=checkout,
            party_type=checkout.party_type,
            holder=checkout.holder,
            holder_name=checkout.holder_name,
            pages_complete=pages_complete,
            remarks=remarks[:500],
            created_by=actor,
            created_at=now,
        )
        Original.objects.filter(pk=locked.pk).update(status=target, current_movement=None)
        audit.record(
            actor,
            "original.returned",
            locked,
            pages_complete=pages_complete,
            remarks=remarks,
            home=locked.home_id,
            overdue=checkout.due_date < timezone.localdate(now),
        )
        _moved(locked, event, actor)
    original.status, original.current_movement = target, None
    return event


def hand_over_original(
    actor,
    original: Original,
    *,
    receiver_name: str,
    party_type: str = PartyType.CUSTOMER,
    receipt=None,
    receipt_file=None,
    receipt_filename: str = "receipt.pdf",
    remarks: str = "",
) -> Movement:
    """Hand an original over for good (the customer's copy), with the signed receipt's scan (a document)."""
    permissions.require_keeper(actor)
    receiver_name = (receiver_name or "").strip()
    if not receiver_name:
        raise InvalidInput(_("请填写接收人姓名。"), code="receiver_required")
    if party_type not in PartyType.values:
        raise InvalidInput(_("未知的对象类型：%(t)s") % {"t": party_type}, code="bad_party_type")
    if receipt is None and receipt_file is None:
        raise InvalidInput(_("请上传签收单扫描件。"), code="receipt_required")
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(original)
        target = states.ORIGINAL.check(locked, "hand_over")
        if receipt is None:  # inside the transaction: a refused hand-over leaves no stray receipt document
            receipt = _store_receipt(actor, locked, receipt_file, receipt_filename)
        if locked.current_movement is not None:
            Movement.objects.filter(pk=locked.current_movement.pk).update(closed_at=now)
        event = Movement.objects.create(
            original=locked,
            kind=Movement.Kind.HANDOVER,
            checkout=locked.current_movement,
            party_type=party_type,
            holder_name=receiver_name[:100],
            receipt=receipt,
            remarks=(remarks or "")[:500],
            created_by=actor,
            created_at=now,
        )
        Original.objects.filter(pk=locked.pk).update(status=target, current_movement=None)
        audit.record(
            actor,
            "original.handed_over",
            locked,
            receiver=receiver_name,
            party_type=party_type,
            receipt=receipt.pk,
        )
        _moved(locked, event, actor)
    original.status, original.current_movement = target, None
    return event


def _store_receipt(actor, original: Original, receipt_file, filename: str):
    from docstore.models import DocumentType
    from docstore.services import documents as docstore_services

    data = receipt_file.read() if hasattr(receipt_file, "read") else receipt_file
    return docstore_services.create_document(
        actor,
        file=io.BytesIO(data),
        filename=filename,
        title=_("原件移交签收单：%(doc)s") % {"doc": original.document.title},
        doc_type=DocumentType.objects.filter(code="attachment").first() or DocumentType.objects.first(),
        dossier=original.document.dossier,
    )


def require_can_override(actor) -> None:
    if not permissions.is_manager(actor):
        raise Forbidden(_("超期特批仅限客服部经理。"))
