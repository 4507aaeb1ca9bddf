"""Stamping, recording impressions and an original's movements move a waiting step on. The seals and archive
apps send their signals after their transaction commits; a step that still lacks something stays where it
is (its page says what), so a refusal here is not an error of the seal use or the movement."""

import logging

from cases.models import Step
from cases.states import CaseStatus, StepStatus
from core.errors import DomainError

log = logging.getLogger(__name__)


def _try(actor, steps, trigger: str) -> list[Step]:
    from cases.services import advance_step

    moved = []
    for step in steps:
        try:
            moved.append(advance_step(actor, step, trigger=trigger))
        except DomainError as exc:
            log.info("step %s not moved on by %s: %s", step.pk, trigger, exc.detail)
    return moved


def on_seal_used(sender, request, actor, **kwargs):
    steps = Step.objects.filter(
        seal_request_id=request.pk, status=StepStatus.ACTIVE, case__status=CaseStatus.OPEN
    ).select_related("case")
    return _try(actor, list(steps), f"seal_request:{request.pk}")


def on_original_moved(sender, original, movement, actor, **kwargs):
    document = original.document
    if document.dossier_id is None:
        return []
    steps = (
        Step.objects.filter(
            case__dossier_id=document.dossier_id, case__status=CaseStatus.OPEN, status=StepStatus.ACTIVE
        )
        .exclude(movement={})
        .select_related("case")
    )
    code = document.doc_type.code
    waiting = [s for s in steps if s.movement.get("document") == code]
    return _try(actor, waiting, f"movement:{movement.pk}")
