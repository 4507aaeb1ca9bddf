"""HTTP API v1: one's own messages (list, read, mark read, mark all read) and one's own preferences."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from notifications import selectors, services
from notifications.filters import MessageFilter
from notifications.models import Message
from notifications.serializers import MessageSerializer, PreferenceSerializer, ReadAllSerializer


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only one's own messages: anyone else's is 404."""

    serializer_class = MessageSerializer
    filterset_class = MessageFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Message.objects.none()
        return selectors.inbox(self.request.user)

    @extend_schema(request=None, responses={200: MessageSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        message = self.get_object()
        return Response(MessageSerializer(services.mark_read(request.user, message)).data)

    @extend_schema(request=None, responses={200: ReadAllSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(request.user)})


class PreferenceView(APIView):
    """One's own notification preferences."""

    @extend_schema(responses={200: PreferenceSerializer})
    def get(self, request):
        return Response(PreferenceSerializer(selectors.preference_of(request.user)).data)

    @extend_schema(request=PreferenceSerializer, responses={200: PreferenceSerializer})
    def put(self, request):
        data = validated(PreferenceSerializer, request.data)
        pref = services.update_preferences(request.user, **data)
        return Response(PreferenceSerializer(pref).data)
