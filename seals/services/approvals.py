"""Deciding a seal-use application along its chain (routing), and revoking an approval before it is used.

Each decision fills one seat of the current step: the request is approved when the last seat agrees (the
approval records every item's sha256, its placements and the window it is valid in), and rejected or returned
by any seat. Nobody decides their own request: the service checks it, whatever the page offered.
"""

import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import MANAGER, MARKETING_DIRECTOR, has_role
from core.errors import Forbidden, InvalidInput
from docstore.permissions import can_add_documents
from seals import conf, states
from seals.approval_models import ApprovalStep
from seals.models import SealRequest
from seals.services import notices, routing
from seals.services.placements import approval_record
from seals.services.requests import _lock, _require_active

D = ApprovalStep.Decision
RS = states.RequestStatus
MAX_VALID_DAYS = 3650


def _seat(actor, req: SealRequest):
    """The seat `actor` decides, and for whom; 403 for the requester and anyone not at the current step."""
    if req.requester_id == actor.pk and has_role(actor, MANAGER, MARKETING_DIRECTOR):
        raise Forbidden(_("不能审批自己的申请。"), code="own_request")
    step, on_behalf_of = routing.seat_for(actor, req)
    if step is None:
        waiting = _("、").join(routing.seat_label(s) for s in routing.current_steps(req)) or "—"
        raise Forbidden(
            _("此申请当前等待“%(who)s”审批，您不能审批。") % {"who": waiting}, code="not_approver"
        )
    return step, on_behalf_of


def _record(step: ApprovalStep, actor, on_behalf_of, decision: str, comment: str) -> None:
    step.decision, step.decided_by, step.on_behalf_of = decision, actor, on_behalf_of
    step.decided_at, step.comment = timezone.now(), comment[:500]
    step.save(update_fields=["decision", "decided_by", "on_behalf_of", "decided_at", "comment"])


def _window(req: SealRequest, valid_until, now) -> datetime.datetime:
    """Until when the approval may be used: given by the approver, else the rule's days, else the setting's."""
    if valid_until is None:
        days = (req.rule.valid_days if req.rule_id and req.rule else None) or conf.approval_valid_days()
        return now + datetime.timedelta(days=days)
    if isinstance(valid_until, datetime.date) and not isinstance(valid_until, datetime.datetime):
        valid_until = timezone.make_aware(datetime.datetime.combine(valid_until, datetime.time(23, 59, 59)))
    if not isinstance(valid_until, datetime.datetime):
        raise InvalidInput(_("授权有效期无效。"), code="bad_valid_until")
    if timezone.is_naive(valid_until):
        valid_until = timezone.make_aware(valid_until)
    if valid_until <= now or valid_until > now + datetime.timedelta(days=MAX_VALID_DAYS):
        raise InvalidInput(_("授权有效期应晚于现在，且不超过十年。"), code="bad_valid_until")
    return valid_until


def approve_request(actor, req: SealRequest, *, comment: str = "", valid_until=None) -> SealRequest:
    """One seat agrees. The last one approves the request: who, when, every item's sha256 and placements, the
    window; the form is filed. Until then the next step is told."""
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(req)
        states.REQUEST.require(locked, "approve")
        step, on_behalf_of = _seat(actor, locked)
        _record(step, actor, on_behalf_of, D.APPROVED, comment)
        pending = ApprovalStep.objects.filter(request=locked, round=locked.round, decision=D.PENDING)
        if pending.exists():
            target = states.REQUEST.check(locked, "approve_step")
            moved = locked.current_step != min(pending.values_list("order", flat=True))
            locked.current_step = min(pending.values_list("order", flat=True))
            locked.status = target
            locked.save(update_fields=["current_step", "status"])
            audit.record(
                actor,
                "seal_request.step_approved",
                locked,
                step=step.order,
                seat=step.seat_ref,
                on_behalf_of=on_behalf_of.pk if on_behalf_of else None,
                comment=comment,
            )
            if moved:
                notices.step_reached(actor, locked)
            return locked
        target = states.REQUEST.check(locked, "approve")
        items = list(locked.items.select_related("seal", "version"))
        for item in items:
            _require_active(item.seal)
        now = timezone.now()
        window = _window(locked, valid_until, now)
        hashes, placements = {}, approval_record(items)
        for item in items:
            item.approved_sha256 = item.version.sha256
            item.save(update_fields=["approved_sha256"])
            hashes[str(item.pk)] = item.version.sha256
        locked.status, locked.decided_by, locked.decided_at = target, actor, now
        locked.decision_comment, locked.valid_until = comment[:500], window
        locked.approval = {
            "by": actor.pk,
            "by_name": str(actor),
            "at": now.isoformat(),
            "comment": locked.decision_comment,
            "items": hashes,
            "placements": placements,
            "valid_until": window.isoformat(),
            "steps": _steps_record(locked),
        }
        locked.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "decision_comment",
                "approval",
                "valid_until",
            ]
        )
        # Filed by the last approver, or in the requester's name when that approver keeps no documents (营销总监).
        filer = actor if can_add_documents(actor) else locked.requester
        locked.form_document = _file_form(filer, locked)
        locked.save(update_fields=["form_document"])
        audit.record(
            actor,
            "seal_request.approved",
            locked,
            comment=locked.decision_comment,
            items=hashes,
            placements=placements,
            valid_until=window.isoformat(),
            on_behalf_of=on_behalf_of.pk if on_behalf_of else None,
        )
        notices.request_decided(actor, locked, "approve")
    return locked


def _steps_record(req: SealRequest) -> list[dict]:
    rows = ApprovalStep.objects.filter(request=req, round=req.round).select_related(
        "decided_by", "on_behalf_of"
    )
    return [
        {
            "order": s.order,
            "seat": s.seat_ref,
            "decision": s.decision,
            "by": s.decided_by_id,
            "by_name": str(s.decided_by) if s.decided_by_id else "",
            "on_behalf_of": s.on_behalf_of_id,
            "at": s.decided_at.isoformat() if s.decided_at else None,
        }
        for s in rows
    ]


def _file_form(actor, req: SealRequest):
    """The printable application form, filed as a seal_use_form document in the dossier."""
    from docstore.models import DocumentType
    from docstore.services import documents as docstore
    from seals.engine.form import render_form

    doc_type = DocumentType.objects.filter(code="seal_use_form").first()
    if doc_type is None:
        return None
    pdf = render_form(req)
    return docstore.create_document(
        actor,
        file=io.BytesIO(pdf),
        filename=f"seal-request-{req.pk}.pdf",
        title=_("用章申请表 #%(n)s") % {"n": req.pk},
        doc_type=doc_type,
        dossier=req.dossier,
        metadata={"seal_request": req.pk},
        comment=_("审批通过时生成"),
    )


def _decide(actor, req: SealRequest, action: str, reason: str) -> SealRequest:
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(req)
        target = states.REQUEST.check(locked, action)
        step, on_behalf_of = _seat(actor, locked)
        if not reason:
            raise InvalidInput(_("请填写原因。"), code="reason_required")
        _record(step, actor, on_behalf_of, D.REJECTED if action == "reject" else D.RETURNED, reason)
        ApprovalStep.objects.filter(request=locked, round=locked.round, decision=D.PENDING).update(
            decision=D.CANCELLED
        )
        locked.status = target
        locked.decided_by, locked.decided_at, locked.decision_comment = actor, timezone.now(), reason[:500]
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        verb = "rejected" if action == "reject" else "returned"
        audit.record(
            actor,
            f"seal_request.{verb}",
            locked,
            reason=reason,
            step=step.order,
            on_behalf_of=on_behalf_of.pk if on_behalf_of else None,
        )
        notices.request_decided(actor, locked, action)
    return locked


def reject_request(actor, req: SealRequest, *, reason: str) -> SealRequest:
    return _decide(actor, req, "reject", reason)


def return_request(actor, req: SealRequest, *, reason: str) -> SealRequest:
    """Back to the requester for changes; they edit and submit again (a new round of the chain)."""
    return _decide(actor, req, "return", reason)


def may_revoke(user, req: SealRequest) -> bool:
    """A manager, or anyone who approved a step of it."""
    if has_role(user, MANAGER):
        return True
    return ApprovalStep.objects.filter(
        request=req, round=req.round, decision=D.APPROVED, decided_by=user.pk
    ).exists()


def revoke_request(actor, req: SealRequest, *, reason: str) -> SealRequest:
    """Take an approval back before anything is stamped with it: no use of it is possible afterwards."""
    if not may_revoke(actor, req):
        raise Forbidden(_("只有批准人或客服部经理可以撤销授权。"), code="not_revoker")
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(req)
        target = states.REQUEST.check(locked, "revoke")
        if not reason:
            raise InvalidInput(_("请填写撤销原因。"), code="reason_required")
        locked.status, locked.revoked_by, locked.revoked_at = target, actor, timezone.now()
        locked.revoke_reason = reason[:500]
        locked.save(update_fields=["status", "revoked_by", "revoked_at", "revoke_reason"])
        audit.record(actor, "seal_request.revoked", locked, reason=locked.revoke_reason)
        notices.request_revoked(actor, locked)
    return locked
