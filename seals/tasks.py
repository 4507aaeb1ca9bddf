"""Background work of the seals app (django-tasks): comparing stamp evidence with the approved version."""

from django_tasks import task

from seals.services import evidence


@task()
def compare_evidence(evidence_id: int) -> str:
    """Render both sides and compare them (seconds for a long contract, more for a .docx through LibreOffice)."""
    done = evidence.compare_evidence(evidence_id)
    return done.status if done is not None else "missing"
