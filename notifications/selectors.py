"""Reads of the notifications app: the inbox, the unread badge, deliveries for the manager, people by role."""

from django.contrib.auth import get_user_model
from django.db.models import Count

from notifications.models import Delivery, GroupWebhook, Message, Preference


def people_with_role(*roles: str):
    """Active people holding any of these roles (groups): "the manager" of a message."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("pk")


def inbox(user):
    return Message.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def nav_counts(user) -> dict:
    """The unread badge in the header."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {"inbox_unread": unread_count(user)}


def preference_of(user) -> Preference:
    """The person's preferences, or the defaults (unsaved) when they never changed them."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def deliveries():
    return Delivery.objects.select_related("recipient", "webhook", "webhook__group").order_by(
        "-created_at", "-id"
    )


def delivery_counts() -> dict[str, int]:
    """{status: number} of every delivery, in one query."""
    return dict(Delivery.objects.values_list("status").annotate(n=Count("id")).order_by())


def group_webhooks():
    return GroupWebhook.objects.select_related("group", "created_by").order_by("group__name", "channel", "id")
