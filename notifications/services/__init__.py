"""Use cases of the notifications app. Other apps call `notify` (or `remind`) inside their own transaction,
with an event they declared (`notifications.events.Event`), the people to tell and a link; this app never
imports them."""

from notifications.services.deliveries import (
    add_group_webhook,
    retry_delivery,
    retry_failed,
    send_digests,
    set_group_webhook_active,
)
from notifications.services.inbox import mark_all_read, mark_read, update_preferences
from notifications.services.sending import notify, remind

__all__ = [
    "add_group_webhook",
    "mark_all_read",
    "mark_read",
    "notify",
    "remind",
    "retry_delivery",
    "retry_failed",
    "send_digests",
    "set_group_webhook_active",
    "update_preferences",
]
