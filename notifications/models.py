"""Messages (the in-app inbox), their deliveries on the outbound channels, people's preferences, and the group
robots (WeCom / DingTalk webhooks) set per role."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import conf
from notifications.states import DeliveryStatus


class Channel(models.TextChoices):
    EMAIL = "email", _("邮件")
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")


WEBHOOK_CHANNELS = (Channel.WECOM, Channel.DINGTALK)


def all_channels() -> list[str]:
    return list(Channel.values)


class Message(models.Model):
    """One event told to one person: their inbox row, in their language, with a deep link."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("事件"), max_length=64)
    # The event's idempotency key ("<event>:<what>:<when>"): one message per key and person, ever.
    key = models.CharField(_("事件键"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="notifications_message_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_unread")]

    def __str__(self):
        return self.subject

    @property
    def url(self) -> str:
        return conf.absolute(self.link)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class GroupWebhook(models.Model):
    """A group robot: every message to a member of the role (group) is posted to its chat once per event."""

    group = models.ForeignKey(
        "auth.Group", verbose_name=_("角色"), on_delete=models.CASCADE, related_name="notification_webhooks"
    )
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices[1:])
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("Webhook 地址"), max_length=500)
    # DingTalk's optional signing secret ("加签"); never shown again once saved.
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True)
    # Event codes this robot posts; empty: every event.
    events = models.JSONField(_("事件"), default=list, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["group__name", "channel", "id"]

    def __str__(self):
        return self.name

    @property
    def masked_url(self) -> str:
        """The host and the last characters only: the robot's key is in its URL."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/…{self.url[-4:]}"

    def wants(self, event: str) -> bool:
        return self.active and (not self.events or event in self.events)


class Delivery(models.Model):
    """One message on one outbound channel: to a person (their mail, their own robot) or to a group robot."""

    # The idempotency key: "<event key>|u<recipient>|<channel>", "<event key>|g<robot>" or a digest's own.
    key = models.CharField(_("投递键"), max_length=260, unique=True)
    event = models.CharField(_("事件"), max_length=64)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    message = models.ForeignKey(
        Message,
        verbose_name=_("消息"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    webhook = models.ForeignKey(
        GroupWebhook,
        verbose_name=_("群机器人"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    language = models.CharField(_("语言"), max_length=10, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    # While a worker sends it: nobody else takes it until then (a worker that died leaves it to the next).
    claimed_until = models.DateTimeField(_("发送中至"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    # A held delivery, once carried: the digest that carried it.
    digest = models.ForeignKey(
        "self",
        verbose_name=_("所在汇总"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One delivery per (event key, recipient, channel): the message is unique per key and recipient.
            models.UniqueConstraint(
                fields=["message", "channel"],
                condition=Q(message__isnull=False),
                name="notifications_delivery_once",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=True) | Q(webhook__isnull=True),
                name="notifications_delivery_one_addressee",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notifications_due")]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.subject}"

    @property
    def url(self) -> str:
        return conf.absolute(self.link)

    @property
    def addressee(self) -> str:
        if self.webhook_id:
            return str(self.webhook)
        return getattr(self.recipient, "label", "") or str(self.recipient or "")


class Preference(models.Model):
    """What one person wants to hear about, where, and how often."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    # Outbound channels wanted (the inbox always receives); email needs an address, a robot its URL.
    channels = models.JSONField(_("接收渠道"), default=all_channels, blank=True)
    muted_events = models.JSONField(_("不接收的事件"), default=list, blank=True)
    digest = models.BooleanField(_("每日汇总"), default=False)
    language = models.CharField(_("消息语言"), max_length=10, choices=settings.LANGUAGES, blank=True)
    wecom_webhook = models.URLField(_("企业微信机器人地址"), max_length=500, blank=True)
    dingtalk_webhook = models.URLField(_("钉钉机器人地址"), max_length=500, blank=True)
    dingtalk_secret = models.CharField(_("钉钉加签密钥"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self):
        return str(self.user)
