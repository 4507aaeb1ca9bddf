from django.contrib import admin

from core.admin import ReadOnlyAdmin
from notifications.models import Delivery, GroupWebhook, Message, Preference


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "event", "subject", "read_at")
    list_filter = ("event",)
    search_fields = ("subject", "key")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "status", "attempts", "next_attempt_at", "subject", "last_error")
    list_filter = ("status", "channel", "event")
    search_fields = ("subject", "key", "last_error")


@admin.register(GroupWebhook)
class GroupWebhookAdmin(ReadOnlyAdmin):
    list_display = ("name", "group", "channel", "active")
    exclude = ("url", "secret")  # the robot's key is in its URL


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "digest", "updated_at")
    exclude = ("wecom_webhook", "dingtalk_webhook", "dingtalk_secret")
