"""Sending deliveries: one attempt at a time, claimed first, so that two workers (the task and the cron command)
never send the same delivery twice; a failure is logged and tried again later with exponential backoff.

The claim is one conditional UPDATE (pending, due and not claimed -> attempts + 1, claimed until past the
call's timeout), committed before the network call: no transaction is held while a server answers, a manager's
"retry now" cannot start a second send of one in flight, and a worker that dies mid-send leaves the delivery
to be tried again once its claim runs out.
"""

import logging
from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone, translation

from notifications import channels, conf
from notifications.models import Channel, Delivery, Preference
from notifications.states import DELIVERY, DeliveryStatus

log = logging.getLogger(__name__)
S = DeliveryStatus


def _claim(delivery_id: int, now: datetime) -> bool:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=S.PENDING, next_attempt_at__lte=now)
        .filter(free)
        .update(attempts=F("attempts") + 1, claimed_until=now + conf.claim_for())
    )
    return claimed == 1


def _send(delivery: Delivery) -> None:
    """One call on the delivery's channel, to where the recipient or the robot points now."""
    url = delivery.url
    if delivery.webhook_id:
        robot = delivery.webhook
        if not robot.active:
            raise channels.SendFailed("the group robot is switched off", permanent=True)
        if robot.channel == Channel.WECOM:
            return channels.post_wecom(robot.url, delivery.subject, delivery.body, url)
        return channels.post_dingtalk(robot.url, robot.secret, delivery.subject, delivery.body, url)
    user = delivery.recipient
    if delivery.channel == Channel.EMAIL:
        if not user.email:
            raise channels.SendFailed("the recipient has no mail address", permanent=True)
        return channels.send_email(user.email, delivery.subject, delivery.body, url)
    pref = Preference.objects.filter(user=user).first()
    if delivery.channel == Channel.WECOM and pref and pref.wecom_webhook:
        return channels.post_wecom(pref.wecom_webhook, delivery.subject, delivery.body, url)
    if delivery.channel == Channel.DINGTALK and pref and pref.dingtalk_webhook:
        return channels.post_dingtalk(
            pref.dingtalk_webhook, pref.dingtalk_secret, delivery.subject, delivery.body, url
        )
    raise channels.SendFailed("the recipient has no robot set for this channel", permanent=True)


def attempt(delivery_id: int, now: datetime | None = None) -> str | None:
    """Try one due delivery once (the table's send, back_off and give_up). Returns its new status, or None
    when it was not due or another worker holds it."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("recipient", "webhook").get(pk=delivery_id)
    try:
        with translation.override(delivery.language or None):
            _send(delivery)
    except channels.SendFailed as exc:
        failure = exc
    except Exception as exc:  # a bug or an unexpected reply: logged in full, kept and retried like a failure
        log.exception("notification delivery %s failed unexpectedly", delivery_id)
        failure = channels.SendFailed(f"{exc.__class__.__name__}: {exc}")
    else:
        status = DELIVERY.check(delivery, "send")
        Delivery.objects.filter(pk=delivery_id).update(
            status=status, sent_at=timezone.now(), last_error="", claimed_until=None
        )
        log.info(
            "notification delivery %s sent (%s to %s)", delivery_id, delivery.channel, delivery.addressee
        )
        return status
    give_up = failure.permanent or delivery.attempts >= conf.max_attempts()
    status = DELIVERY.check(delivery, "give_up" if give_up else "back_off")
    retry_at = now + conf.backoff(delivery.attempts)
    Delivery.objects.filter(pk=delivery_id).update(
        status=status, last_error=str(failure)[:500], next_attempt_at=retry_at, claimed_until=None
    )
    log.warning(
        "notification delivery %s (%s to %s) failed, attempt %s: %s%s",
        delivery_id,
        delivery.channel,
        delivery.addressee,
        delivery.attempts,
        failure,
        " (given up)" if give_up else f" (next attempt {retry_at:%Y-%m-%d %H:%M:%S})",
    )
    return status


def due(now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status=S.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Every pending delivery whose time has come, once each: {status: how many}."""
    counts: dict[str, int] = {}
    for pk in due(now, limit):
        status = attempt(pk, now)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts
