"""The person's own side: reading messages and choosing what to hear about, where and how often."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import require_staff
from core.errors import InvalidInput, NotFound
from notifications import channels, events
from notifications.models import Channel, Message, Preference

# The fields a person sets; the secret is write-only (kept when not given).
PREFERENCE_FIELDS = (
    "channels",
    "muted_events",
    "digest",
    "language",
    "wecom_webhook",
    "dingtalk_webhook",
    "dingtalk_secret",
)


def _own(user, message) -> Message:
    """Only the recipient reads or marks a message; anyone else is told it does not exist."""
    pk = message.pk if isinstance(message, Message) else message
    found = Message.objects.filter(pk=pk, recipient_id=user.pk).first()
    if found is None:
        raise NotFound(_("消息不存在。"))
    return found


def mark_read(user, message) -> Message:
    require_staff(user)
    found = _own(user, message)
    if found.read_at is None:
        found.read_at = timezone.now()
        Message.objects.filter(pk=found.pk, read_at__isnull=True).update(read_at=found.read_at)
    return found


def mark_all_read(user) -> int:
    require_staff(user)
    return Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def _clean_list(value, allowed: set, what: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(_("%(what)s应为列表。") % {"what": what}, code="invalid")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InvalidInput(
            _("%(what)s中有未知的值：%(values)s。") % {"what": what, "values": "、".join(unknown)},
            code="invalid",
        )
    return sorted(set(value), key=list(value).index)


def _clean_url(value, what: str) -> str:
    value = (value or "").strip()
    if value:
        if len(value) > 500:
            raise InvalidInput(_("%(what)s过长。") % {"what": what}, code="invalid")
        reason = channels.check_webhook_url(value)
        if reason:
            raise InvalidInput(_("%(what)s：%(why)s") % {"what": what, "why": reason}, code="bad_webhook")
    return value


def clean_preferences(changes: dict) -> dict:
    cleaned = {}
    if "channels" in changes:
        cleaned["channels"] = _clean_list(changes["channels"], set(Channel.values), _("接收渠道"))
    if "muted_events" in changes:
        known = {code for code, _label in events.choices()}
        cleaned["muted_events"] = _clean_list(changes["muted_events"], known, _("不接收的事件"))
    if "digest" in changes:
        cleaned["digest"] = bool(changes["digest"])
    if "language" in changes:
        language = changes["language"] or ""
        if language and language not in dict(settings.LANGUAGES):
            raise InvalidInput(_("不支持的语言。"), code="invalid")
        cleaned["language"] = language
    if "wecom_webhook" in changes:
        cleaned["wecom_webhook"] = _clean_url(changes["wecom_webhook"], _("企业微信机器人地址"))
    if "dingtalk_webhook" in changes:
        cleaned["dingtalk_webhook"] = _clean_url(changes["dingtalk_webhook"], _("钉钉机器人地址"))
    if changes.get("dingtalk_secret") is not None:
        cleaned["dingtalk_secret"] = str(changes["dingtalk_secret"]).strip()[:200]
    return cleaned


def update_preferences(user, **changes) -> Preference:
    """Set the person's own preferences (only the fields given); audited without the robot addresses."""
    require_staff(user)
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise InvalidInput(_("未知的设置：%(names)s。") % {"names": "、".join(sorted(unknown))})
    cleaned = clean_preferences(changes)
    with transaction.atomic():
        pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
        changed = sorted(k for k, v in cleaned.items() if getattr(pref, k) != v)
        for name, value in cleaned.items():
            setattr(pref, name, value)
        pref.save()
        if changed:
            audit.record(user, "notifications.preferences_changed", pref, fields=changed)
    return pref
