"""The manager's side of delivery: sending again, the group robots per role; and the daily digest."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.roles import MANAGER, require_role
from core.errors import InvalidInput
from notifications import channels, events
from notifications.events import DIGEST
from notifications.models import Channel, Delivery, GroupWebhook
from notifications.services.sending import enqueue
from notifications.states import DELIVERY, DeliveryStatus

S = DeliveryStatus


def _require_manager(actor) -> None:
    require_role(actor, MANAGER, message=_("只有客服部经理可以管理消息投递。"))


def retry_delivery(actor, delivery: Delivery) -> Delivery:
    """Send a pending or failed delivery again now (the table's retry)."""
    _require_manager(actor)
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        before = locked.status
        locked.status = DELIVERY.check(locked, "retry")
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "next_attempt_at"])
        audit.record(actor, "notifications.delivery_retried", locked, before=before, attempts=locked.attempts)
        transaction.on_commit(lambda: enqueue([locked.pk]), robust=True)
    return locked


def retry_failed(actor) -> int:
    """Every failed delivery, sent again now."""
    _require_manager(actor)
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update().filter(status=S.FAILED).values_list("pk", flat=True))
        if not ids:
            return 0
        Delivery.objects.filter(pk__in=ids).update(status=S.PENDING, next_attempt_at=timezone.now())
        audit.record(actor, "notifications.deliveries_retried", None, count=len(ids))
        transaction.on_commit(lambda: enqueue(ids), robust=True)
    return len(ids)


def _clean_events(value) -> list[str]:
    known = {code for code, _label in events.choices()}
    value = list(value or [])
    unknown = sorted(set(value) - known)
    if unknown:
        raise InvalidInput(_("未知的事件：%(codes)s。") % {"codes": "、".join(unknown)})
    return value


def add_group_webhook(
    actor, *, group: Group, channel: str, name: str, url: str, secret: str = "", events=()
) -> GroupWebhook:
    """A group robot for a role: messages to the role's members are posted to its chat."""
    _require_manager(actor)
    if not isinstance(group, Group):
        raise InvalidInput(_("请选择角色。"))
    if channel not in (Channel.WECOM, Channel.DINGTALK):
        raise InvalidInput(_("群机器人只支持企业微信和钉钉。"), code="bad_channel")
    name = (name or "").strip()[:100]
    if not name:
        raise InvalidInput(_("请填写名称。"), code="name_required")
    reason = channels.check_webhook_url((url or "").strip())
    if reason:
        raise InvalidInput(reason, code="bad_webhook")
    if secret and channel != Channel.DINGTALK:
        raise InvalidInput(_("只有钉钉机器人使用加签密钥。"), code="bad_secret")
    with transaction.atomic():
        robot = GroupWebhook.objects.create(
            group=group,
            channel=channel,
            name=name,
            url=url.strip(),
            secret=(secret or "").strip()[:200],
            events=_clean_events(events),
            created_by=actor,
        )
        audit.record(actor, "notifications.robot_added", robot, group=group.name, channel=channel)
    return robot


def set_group_webhook_active(actor, robot: GroupWebhook, active: bool) -> GroupWebhook:
    _require_manager(actor)
    with transaction.atomic():
        locked = GroupWebhook.objects.select_for_update().get(pk=robot.pk)
        if locked.active != bool(active):
            locked.active = bool(active)
            locked.save(update_fields=["active"])
            audit.record(actor, "notifications.robot_switched", locked, active=locked.active)
    return locked


def _digest_text(held: list[Delivery], language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = ngettext("每日汇总：%(n)s 条通知", "每日汇总：%(n)s 条通知", len(held)) % {"n": len(held)}
        lines = [f"• {timezone.localtime(d.created_at):%m-%d %H:%M} {d.subject}\n  {d.url}" for d in held]
    return subject, "\n".join(lines)


def send_digests(now=None) -> list[Delivery]:
    """The daily digest (the table's digest): each person's held messages, one per channel, in one delivery
    that goes out as any other. Safe to run twice: the digest's key is the last message it carries."""
    now = now or timezone.now()
    made = []
    pairs = (
        Delivery.objects.filter(status=S.HELD)
        .values_list("recipient_id", "channel")
        .distinct()
        .order_by("recipient_id", "channel")
    )
    for recipient_id, channel in list(pairs):
        with transaction.atomic():
            held = list(
                Delivery.objects.select_for_update()
                .filter(status=S.HELD, recipient_id=recipient_id, channel=channel)
                .order_by("created_at", "id")
            )
            if not held:
                continue
            for delivery in held:
                DELIVERY.check(delivery, "digest")
            language = held[-1].language or settings.LANGUAGE_CODE
            subject, body = _digest_text(held, language)
            digest, created = Delivery.objects.get_or_create(
                key=f"{DIGEST.code}:u{recipient_id}:{channel}:{held[-1].pk}",
                defaults={
                    "event": DIGEST.code,
                    "channel": channel,
                    "recipient_id": recipient_id,
                    "subject": subject[:200],
                    "body": body,
                    "link": reverse("notifications:inbox"),
                    "language": language,
                    "created_at": now,
                    "next_attempt_at": now,
                },
            )
            Delivery.objects.filter(pk__in=[d.pk for d in held]).update(status=S.DIGESTED, digest=digest)
            if created:
                made.append(digest)
                transaction.on_commit(lambda pk=digest.pk: enqueue([pk]), robust=True)
    return made
