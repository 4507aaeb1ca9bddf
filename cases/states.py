"""The state machines of cases and their steps: one table each (core.states).

A case is open until its last step is done (closed) or a manager cancels it (cancelled; a unit return does
this to the unit's other cases). A step waits until the one before it is done or skipped, is then active
(the case's current step) and is done by its owner role, or moved on by the event it waits for (stamping,
an original's movement), or skipped when the template marks it optional.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER, has_role
from core.errors import Conflict
from core.states import StateMachine, T


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("未开始")
    ACTIVE = "active", _("办理中")
    DONE = "done", _("已完成")
    SKIPPED = "skipped", _("已跳过")


CS = CaseStatus
SS = StepStatus


def _manager(user, obj) -> bool:
    return has_role(user, MANAGER)


def after_work(case) -> str:
    """Closed once no step is left waiting or active, open until then."""
    left = case.steps.filter(status__in=(SS.WAITING, SS.ACTIVE)).exists()
    return CS.OPEN if left else CS.CLOSED


def _case_refusal(case, transition):
    if case.status == CS.CANCELLED:
        return Conflict(
            gettext("业务已撤销（%(reason)s），不能再办理。") % {"reason": case.cancel_reason or "—"},
            code="case_cancelled",
        )
    return Conflict(gettext("业务已办结，不能再办理。"), code="case_closed")


CASE = StateMachine(
    "case",
    states=CaseStatus,
    initial=(CS.OPEN,),
    conflict_message=_("业务当前状态为“%(state)s”，不能执行此操作。"),
    transitions=[
        # Completing, moving on or skipping a step; the step table says who may.
        T("work", {CS.OPEN}, after_work, targets=(CS.OPEN, CS.CLOSED), label=_("办理步骤")),
        T("cancel", {CS.OPEN}, CS.CANCELLED, guard=_manager, label=_("撤销业务")),
        T("move", {CS.OPEN}, CS.OPEN, guard=_manager, label=_("转到其他房号")),
    ],
    services={
        "work": "cases.services.complete_step",
        "cancel": "cases.services.cancel_case",
        "move": "cases.services.move_case",
    },
    refusal=_case_refusal,
)


def _owner(user, step) -> bool:
    """The holder of the step's role; a decision on an application never by whoever submitted it."""
    from cases.models import DECISION_EFFECTS

    if not has_role(user, step.owner_role):
        return False
    return step.effect not in DECISION_EFFECTS or step.case.opened_by_id != user.pk


def _skipper(user, step) -> bool:
    return step.optional and (has_role(user, step.owner_role) or has_role(user, MANAGER))


def _seal_asker(user, step) -> bool:
    """A step with a seal use whose request is not yet made (or was withdrawn or rejected)."""
    if not step.seal or not has_role(user, step.owner_role):
        return False
    request = step.seal_request
    return request is None or request.status in ("withdrawn", "rejected")


def _step_refusal(step, transition):
    if step.status == SS.WAITING:
        before = (
            step.case.steps.filter(number__lt=step.number, status__in=(SS.WAITING, SS.ACTIVE))
            .order_by("number")
            .first()
        )
        return Conflict(
            gettext("第 %(n)s 步“%(name)s”尚未开始：请先完成第 %(m)s 步“%(before)s”。")
            % {
                "n": step.number,
                "name": step.name,
                "m": before.number if before else "—",
                "before": before.name if before else "—",
            },
            code="not_current",
        )
    if step.status == SS.DONE:
        return Conflict(gettext("第 %(n)s 步“%(name)s”已完成。") % {"n": step.number, "name": step.name},
                        code="step_done")  # fmt: skip
    return Conflict(gettext("第 %(n)s 步“%(name)s”已跳过。") % {"n": step.number, "name": step.name},
                    code="step_skipped")  # fmt: skip


STEP = StateMachine(
    "case_step",
    states=StepStatus,
    # The first step starts active, the others wait; completing or skipping one starts the next.
    initial=(SS.WAITING, SS.ACTIVE),
    conflict_message=_("步骤当前状态为“%(state)s”，不能执行此操作。"),
    transitions=[
        T("complete", {SS.ACTIVE}, SS.DONE, guard=_owner, label=_("完成此步")),
        # Taken by the event the step waits for: stamping, recording impressions, an original's movement.
        T("advance", {SS.ACTIVE}, SS.DONE, label=_("随用印或原件流转自动完成")),
        T("skip", {SS.ACTIVE}, SS.SKIPPED, guard=_skipper, label=_("跳过（可选步骤）")),
        T("request_seal", {SS.ACTIVE}, SS.ACTIVE, guard=_seal_asker, label=_("按此步申请用章")),
    ],
    services={
        "complete": "cases.services.complete_step",
        "advance": "cases.services.advance_step",
        "skip": "cases.services.skip_step",
        "request_seal": "cases.services.request_seal",
    },
    refusal=_step_refusal,
)
