from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from notifications import events
from notifications.models import Channel, Message, Preference


class MessageSerializer(serializers.ModelSerializer):
    event_label = serializers.SerializerMethodField()
    link = serializers.CharField(source="url", read_only=True, help_text="absolute URL under SITE_URL")
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "event", "event_label", "subject", "body", "link", "created_at", "read", "read_at"]
        read_only_fields = fields

    def get_event_label(self, obj) -> str:
        event = events.EVENTS.get(obj.event)
        return str(event.label) if event else obj.event


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="messages marked read now")


class EventSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class PreferenceSerializer(serializers.ModelSerializer):
    """One's own preferences. Every field is optional on PUT: what is left out stays as it was. The DingTalk
    secret is write-only ("" clears it); `dingtalk_secret_set` tells whether one is kept."""

    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), required=False, max_length=len(Channel.values)
    )
    muted_events = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, max_length=200
    )
    digest = serializers.BooleanField(required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, allow_blank=True)
    wecom_webhook = serializers.URLField(required=False, allow_blank=True, max_length=500)
    dingtalk_webhook = serializers.URLField(required=False, allow_blank=True, max_length=500)
    dingtalk_secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200, trim_whitespace=True
    )
    dingtalk_secret_set = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField(help_text="every event one may mute")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="null: never changed")

    class Meta:
        model = Preference
        fields = [
            "channels",
            "muted_events",
            "digest",
            "language",
            "wecom_webhook",
            "dingtalk_webhook",
            "dingtalk_secret",
            "dingtalk_secret_set",
            "events",
            "updated_at",
        ]

    def get_dingtalk_secret_set(self, obj) -> bool:
        return bool(obj.dingtalk_secret)

    @staticmethod
    def _events() -> list[dict]:
        return [{"code": code, "label": label} for code, label in events.choices()]

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, obj):
        return EventSerializer(self._events(), many=True).data
