"""A step's transitions: completed by its owner role, moved on by the event it waits for, skipped when
optional, and the seal request made from it. Each is one transaction and one audit event on the case; what
the table `cases.states.STEP` allows is checked first, then what the step still needs (409 naming it)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import require_staff
from cases import permissions, specs, states
from cases.models import Case, Milestone, Step, StepEffect
from cases.requirements import Facts
from cases.services import effects, progress
from cases.services.cases import lock
from core.errors import Conflict, InvalidInput

SS = states.StepStatus


def _locked(step: Step) -> tuple[Case, Step, list[Step]]:
    case = lock(step.case)
    steps = list(
        Step.objects.select_for_update(of=("self",))
        .select_related("seal_request")
        .filter(case=case)
        .order_by("number")
    )
    for s in steps:
        s.case = case
    return case, next(s for s in steps if s.pk == step.pk), steps


def missing_conflict(step: Step, missing) -> Conflict:
    texts = [str(m) for m in missing]
    return Conflict(
        _("还不能完成第 %(n)s 步“%(name)s”，缺少：%(what)s。")
        % {"n": step.number, "name": step.name, "what": "；".join(texts)},
        code="missing",
        missing=texts,
    )


def _finish(actor, case: Case, step: Step, steps: list[Step], status: str, data: dict, note: str) -> str:
    """Mark the step, start the next one, keep the case's current step; returns the case's new status."""
    now = timezone.now()
    step.status, step.done_at, step.done_by = status, now, actor
    step.data, step.note = data, (note or "").strip()[:500]
    step.duration_days = max((now - step.started_at).days, 0) if step.started_at else 0
    step.save(update_fields=["status", "done_at", "done_by", "data", "note", "duration_days"])
    fields = list(progress.CURRENT_FIELDS)
    if status == SS.DONE and step.milestone:
        day = data.get("date") or timezone.localdate(now).isoformat()
        case.milestones = {**case.milestones, step.milestone: day}
        fields.append("milestones")
        if step.milestone == Milestone.RELEASE:
            case.released_on = datetime.date.fromisoformat(day)
            fields.append("released_on")
    progress.start_next(steps, step.number, now)
    case.status = states.CASE.check(case, "work")
    if case.status == states.CaseStatus.CLOSED:
        case.closed_at = now
        progress.clear(case)
        fields += ["status", "closed_at"]
    else:
        progress.refresh(case, steps)
    case.save(update_fields=fields)
    return case.status


def complete_step(actor, step: Step, *, data=None, note: str = "") -> Step:
    """Done by a holder of its owner role, once its documents, seal use, movement and filing are there."""
    permissions.require_step_owner(actor, step)
    with transaction.atomic():
        case, step, steps = _locked(step)
        states.CASE.require(case, "work")
        states.STEP.require(step, "complete")
        facts = Facts([step])
        missing = facts.missing(step)
        if missing:
            raise missing_conflict(step, missing)
        cleaned = specs.clean_data(step, data, timezone.localdate())
        done = effects.apply(actor, case, step, cleaned, facts)
        status = _finish(actor, case, step, steps, SS.DONE, cleaned, note)
        audit.record(
            actor,
            "case.step_completed",
            case,
            step=step.number,
            name=step.name,
            data=cleaned,
            note=step.note,
            status=status,
            **done,
        )
    return step


def advance_step(actor, step: Step, *, trigger: str) -> Step:
    """Moved on by the event it waits for (stamping, recording impressions, an original's movement), in the
    name of whoever recorded the event: only a step that needs no input and lacks nothing else."""
    require_staff(actor)
    with transaction.atomic():
        case, step, steps = _locked(step)
        states.CASE.require(case, "work")
        states.STEP.require(step, "advance")
        if step.effect != StepEffect.NONE:
            raise Conflict(_("此步骤须由经办人填写后完成。"), code="needs_input")
        missing = Facts([step]).missing(step)
        if missing:
            raise missing_conflict(step, missing)
        cleaned = specs.clean_data(step, {}, timezone.localdate())
        status = _finish(actor, case, step, steps, SS.DONE, cleaned, "")
        audit.record(
            actor,
            "case.step_advanced",
            case,
            step=step.number,
            name=step.name,
            trigger=trigger,
            status=status,
        )
    return step


def skip_step(actor, step: Step, *, reason: str) -> Step:
    """An optional step (公证 where the bank does not require it), with the reason."""
    if not (step.optional and permissions.is_manager(actor)):
        permissions.require_step_owner(actor, step)
    with transaction.atomic():
        case, step, steps = _locked(step)
        states.CASE.require(case, "work")
        states.STEP.require(step, "skip")
        if not step.optional:
            raise Conflict(_("第 %(n)s 步“%(name)s”不能跳过。") % {"n": step.number, "name": step.name},
                           code="not_optional")  # fmt: skip
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(_("请填写跳过的原因。"), code="reason_required")
        status = _finish(actor, case, step, steps, SS.SKIPPED, {}, reason)
        audit.record(actor, "case.step_skipped", case, step=step.number, name=step.name, reason=reason,
                     status=status)  # fmt: skip
    return step


def request_seal(actor, step: Step):
    """The seal-use application filled from the step: the dossier's documents of the step's types (current
    versions) with each of its seals; a draft the requester checks and submits on the seals pages."""
    from seals import services as seals

    permissions.require_step_owner(actor, step)
    with transaction.atomic():
        case, step, steps = _locked(step)
        states.CASE.require(case, "work")
        states.STEP.require(step, "request_seal")
        if not step.seal:
            raise Conflict(_("第 %(n)s 步“%(name)s”不用章。") % {"n": step.number, "name": step.name},
                           code="no_seal_use")  # fmt: skip
        if step.seal_request is not None and step.seal_request.status not in ("withdrawn", "rejected"):
            raise Conflict(
                _("此步骤已有用章申请 #%(n)s。") % {"n": step.seal_request_id}, code="already_requested"
            )
        items = effects.seal_items(case, step)
        purpose = _("%(case)s · %(step)s（%(unit)s）") % {
            "case": case.name,
            "step": step.name,
            "unit": case.dossier,
        }
        req = seals.create_request(
            actor, purpose=purpose, recipient=step.seal["recipient"], dossier=case.dossier, items=items
        )
        step.seal_request = req
        step.save(update_fields=["seal_request"])
        audit.record(actor, "case.seal_requested", case, step=step.number, name=step.name, seal_request=req.pk,
                     items=len(items))  # fmt: skip
    return req
