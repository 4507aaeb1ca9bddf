"""The delivery's state table (the `core.states` convention).

A delivery waits (pending) until a worker sends it; a failed attempt leaves it pending with its next attempt
later (backoff), and the last allowed attempt marks it failed. A message held for the daily digest waits in
`held` until the digest carries it. The manager may send a pending or failed delivery again at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER, has_role
from core.states import StateMachine, T


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    HELD = "held", _("待汇总")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    DIGESTED = "digested", _("已并入汇总")


S = DeliveryStatus


def _manager(user, delivery) -> bool:
    return has_role(user, MANAGER)


DELIVERY = StateMachine(
    name="notifications.delivery",
    states=DeliveryStatus,
    transitions=[
        T("send", S.PENDING, S.SENT, label=_("发送成功")),
        T("back_off", S.PENDING, S.PENDING, label=_("发送失败，稍后重试")),
        T("give_up", S.PENDING, S.FAILED, label=_("多次失败，停止重试")),
        T("retry", {S.PENDING, S.FAILED}, S.PENDING, guard=_manager, label=_("立即重试")),
        T("digest", S.HELD, S.DIGESTED, label=_("并入每日汇总")),
    ],
    initial=(S.PENDING, S.HELD),
    services={
        "send": "notifications.delivery.attempt",
        "back_off": "notifications.delivery.attempt",
        "give_up": "notifications.delivery.attempt",
        "retry": "notifications.services.retry_delivery",
        "digest": "notifications.services.send_digests",
    },
)
