import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from notifications import events
from notifications.models import Channel, Delivery, Message
from notifications.states import DeliveryStatus


def _event_choices():
    return events.choices()


def _delivery_event_choices():
    return [*events.choices(), (events.DIGEST.code, str(events.DIGEST.label))]


class MessageFilter(FilterSet):
    unread = django_filters.BooleanFilter(label=_("未读"), field_name="read_at", lookup_expr="isnull")
    event = django_filters.ChoiceFilter(label=_("事件"), choices=_event_choices)

    class Meta:
        model = Message
        fields = ["unread", "event"]


class DeliveryFilter(FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeliveryStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    event = django_filters.ChoiceFilter(label=_("事件"), choices=_delivery_event_choices)

    class Meta:
        model = Delivery
        fields = ["status", "channel", "event"]
