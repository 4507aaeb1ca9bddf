"""Seal custody: taking a seal out of the office (外借), the manager's approval, and its return."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import Conflict, Forbidden, InvalidInput
from seals import states
from seals.models import Seal, SealLoan
from seals.services import notices
from seals.services.registry import require_manager


def request_seal_loan(actor, seal: Seal, *, purpose: str, due_at, destination: str = "") -> SealLoan:
    require_role(actor, CLERK, FIELD_STAFF, MANAGER)
    purpose = (purpose or "").strip()
    if not purpose:
        raise InvalidInput(_("请填写外借事由。"), code="purpose_required")
    if due_at is None or due_at <= timezone.now():
        raise InvalidInput(_("应还时间必须晚于现在。"), code="bad_due_at")
    if not seal.is_active:
        raise Conflict(_("只有启用中的印章可以外借。"), code="seal_not_active")
    with transaction.atomic():
        loan = SealLoan.objects.create(
            seal=seal,
            borrower=actor,
            purpose=purpose[:500],
            destination=(destination or "")[:200],
            due_at=due_at,
        )
        audit.record(actor, "seal_loan.requested", loan, seal=seal.pk, due_at=due_at.isoformat())
        notices.loan_requested(actor, loan)
    return loan


def approve_seal_loan(actor, loan: SealLoan, *, comment: str = "") -> SealLoan:
    require_manager(actor)
    if loan.borrower_id == actor.pk:
        raise Forbidden(_("不能审批自己的申请。"), code="own_request")
    try:
        with transaction.atomic():
            locked = SealLoan.objects.select_for_update().select_related("seal").get(pk=loan.pk)
            locked.status = states.LOAN.check(locked, "approve")
            if not locked.seal.is_active:
                raise Conflict(_("只有启用中的印章可以外借。"), code="seal_not_active")
            if SealLoan.objects.filter(seal=locked.seal, status=states.LoanStatus.OUT).exists():
                raise Conflict(_("该印章已外借，尚未归还。"), code="seal_out")
            locked.decided_by, locked.decided_at = actor, timezone.now()
            locked.decision_comment = (comment or "")[:500]
            locked.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
            audit.record(actor, "seal_loan.approved", locked, seal=locked.seal_id, comment=comment)
            notices.loan_decided(actor, locked, "approve")
    except IntegrityError as exc:  # the partial unique index: two approvals raced
        raise Conflict(_("该印章已外借，尚未归还。"), code="seal_out") from exc
    return locked


def reject_seal_loan(actor, loan: SealLoan, *, reason: str) -> SealLoan:
    require_manager(actor)
    if loan.borrower_id == actor.pk:
        raise Forbidden(_("不能审批自己的申请。"), code="own_request")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写驳回原因。"), code="reason_required")
    with transaction.atomic():
        locked = SealLoan.objects.select_for_update().get(pk=loan.pk)
        locked.status = states.LOAN.check(locked, "reject")
        locked.decided_by, locked.decided_at, locked.decision_comment = actor, timezone.now(), reason[:500]
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        audit.record(actor, "seal_loan.rejected", locked, reason=reason)
        notices.loan_decided(actor, locked, "reject")
    return locked


def return_seal(actor, loan: SealLoan, *, note: str = "") -> SealLoan:
    """The seal is back: recorded by its custodian, the borrower or the manager."""
    allowed = actor.pk in (loan.borrower_id, loan.seal.custodian_id) or has_role(actor, MANAGER)
    if not allowed:
        raise Forbidden(_("只有借用人、保管人或客服部经理可以登记归还。"))
    with transaction.atomic():
        locked = SealLoan.objects.select_for_update().get(pk=loan.pk)
        locked.status = states.LOAN.check(locked, "return")
        locked.returned_at, locked.returned_to, locked.return_note = timezone.now(), actor, (note or "")[:500]
        locked.save(update_fields=["status", "returned_at", "returned_to", "return_note"])
        late = locked.returned_at > locked.due_at
        audit.record(actor, "seal_loan.returned", locked, late=late, note=note)
        notices.loan_returned(actor, locked)
    return locked
