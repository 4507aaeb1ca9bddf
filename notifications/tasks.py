"""Background work (django-tasks): sending the deliveries queued after a commit.

A failed attempt is tried again after its backoff: by a deferred task when the queue supports deferral
(the database backend), and in any case by `manage.py deliver_notifications` run from cron.
"""

import logging

from django_tasks import task

from notifications import delivery
from notifications.models import Delivery
from notifications.states import DeliveryStatus

log = logging.getLogger(__name__)


@task()
def deliver(delivery_ids: list[int]) -> dict:
    """Send these deliveries now (queued after the commit that made them)."""
    counts: dict[str, int] = {}
    for pk in delivery_ids:
        status = delivery.attempt(pk)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
        if status == DeliveryStatus.PENDING:
            _retry_later(pk)
    return counts


def _retry_later(pk: int) -> None:
    backend = deliver.get_backend()
    if not backend.supports_defer:
        return  # the cron command picks it up
    when = Delivery.objects.filter(pk=pk).values_list("next_attempt_at", flat=True).first()
    if when is None:
        return
    try:
        deliver.using(run_after=when).enqueue([pk])
    except Exception:
        log.exception("could not defer the retry of notification delivery %s", pk)
