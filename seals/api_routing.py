"""HTTP API of approval routing: the rules table (`approval-rules/`), and on `seal-requests/`: the batch form,
revoking an approval, stamping and recording every item at once. Thin: each calls one service."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MANAGER, require_role
from docstore.serializers import VersionSerializer
from seals import selectors, services
from seals.serializers import ImpressionSerializer, ReasonSerializer, SealRequestSerializer
from seals.serializers_routing import ApprovalRuleSerializer, BatchSerializer, RecordAllSerializer


class ApprovalRuleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The approval rules table: every staff member reads it, the manager edits it."""

    serializer_class = ApprovalRuleSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.rule_list()

    def create(self, request):
        require_role(request.user, MANAGER)
        serializer = ApprovalRuleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = services.create_rule(request.user, **serializer.validated_data)
        return Response(ApprovalRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        rule = self.get_object()
        require_role(request.user, MANAGER)
        serializer = ApprovalRuleSerializer(rule, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        rule = services.update_rule(request.user, rule, **serializer.validated_data)
        return Response(ApprovalRuleSerializer(rule).data)

    def perform_destroy(self, instance):
        services.delete_rule(self.request.user, instance)


class RoutingActions:
    """Mixed into the seal-request view set: `_answer(req)` and `get_object()` come from it."""

    @extend_schema(request=BatchSerializer, responses={201: SealRequestSerializer})
    @action(detail=False, methods=["post"])
    def batch(self, request):
        serializer = BatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        req = services.create_request(
            request.user,
            purpose=data["purpose"],
            recipient=data["recipient"],
            items=data["items"],
            batch=True,
        )
        if data["submit"]:
            req = services.submit_request(request.user, req)
        return self._answer(req, status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        req = services.revoke_request(
            request.user, self.get_object(), reason=serializer.validated_data["reason"]
        )
        return self._answer(req)

    @extend_schema(request=None, responses={201: VersionSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="stamp-all")
    def stamp_all(self, request, pk=None):
        versions = services.stamp_all(request.user, self.get_object())
        return Response(VersionSerializer(versions, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecordAllSerializer, responses={201: ImpressionSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="impressions-all")
    def impressions_all(self, request, pk=None):
        serializer = RecordAllSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rows = services.record_all(
            request.user, self.get_object(), made_on=data.get("made_on"), reason=data["reason"]
        )
        rows = selectors.register().filter(pk__in=[row.pk for row in rows]).order_by("id")
        return Response(ImpressionSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)
