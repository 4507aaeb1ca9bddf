"""How a case moves on: the next step starts, and the case keeps its current step, due date and expected
loan release so that the boards, the pipeline and the collection plan read one row per case."""

import datetime

from django.utils import timezone

from cases.models import Milestone
from cases.states import StepStatus


def activate(step, now) -> None:
    step.status = StepStatus.ACTIVE
    step.started_at = now
    step.due_at = timezone.localdate(now) + datetime.timedelta(days=step.due_days)


def start_next(steps, after_number: int, now):
    """Start the first waiting step after `after_number`; returns it, or None when none is left."""
    following = next((s for s in steps if s.number > after_number and s.status == StepStatus.WAITING), None)
    if following is not None:
        activate(following, now)
        following.save(update_fields=["status", "started_at", "due_at"])
    return following


def expected_release(steps, current) -> datetime.date | None:
    """The current step's due date plus the time the steps up to the loan release are given."""
    release = next(
        (
            s
            for s in steps
            if s.milestone == Milestone.RELEASE and s.status in (StepStatus.WAITING, StepStatus.ACTIVE)
        ),
        None,
    )
    if release is None or current is None or current.due_at is None:
        return None
    days = sum(
        s.due_days
        for s in steps
        if current.number < s.number <= release.number and s.status == StepStatus.WAITING
    )
    return current.due_at + datetime.timedelta(days=days)


def refresh(case, steps) -> None:
    """The case's current-step fields from its steps (in memory, in number order)."""
    current = next((s for s in steps if s.status == StepStatus.ACTIVE), None)
    case.current_number = current.number if current else None
    case.current_name = current.name if current else ""
    case.current_role = current.owner_role if current else ""
    case.current_due = current.due_at if current else None
    case.expected_release = expected_release(steps, current)


CURRENT_FIELDS = ["current_number", "current_name", "current_role", "current_due", "expected_release"]


def clear(case) -> None:
    """A closed or cancelled case has no current step and is expected nowhere."""
    case.current_number, case.current_name, case.current_role = None, "", ""
    case.current_due, case.expected_release = None, None
