"""API: payments (no update or delete: 405, a reversing entry instead), the customer ledger (?format=xlsx),
the monthly loan-release register (?format=xlsx) and the collection plan."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from cases import exports, selectors, services
from cases.filters import LedgerFilter, PaymentFilter
from cases.models import Payment
from cases.serializers import (
    CaseReasonSerializer,
    CollectionPlanSerializer,
    PaymentCreateSerializer,
    PaymentSerializer,
    RegisterSerializer,
    SaleSerializer,
    SaleUpdateSerializer,
)
from core.api import validated
from docstore.models import Dossier


class XLSXRenderer(renderers.BaseRenderer):
    """Lets ?format=xlsx through content negotiation; the view answers with the file (errors as JSON)."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return renderers.JSONRenderer().render(data)


XLSX_RENDERERS = [*api_settings.DEFAULT_RENDERER_CLASSES, XLSXRenderer]
FORMAT = OpenApiParameter("format", str, enum=["json", "xlsx"], description="xlsx: the spreadsheet")
MONTH = OpenApiParameter("month", str, description="YYYY-MM (this month when left out)")


def _wants_xlsx(request) -> bool:
    return getattr(request.accepted_renderer, "format", "json") == "xlsx"


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Payment.objects.select_related("dossier", "created_by", "reversal").order_by("-date", "-id")

    @extend_schema(request=PaymentCreateSerializer, responses={201: PaymentSerializer})
    def create(self, request):
        data = dict(validated(PaymentCreateSerializer, request.data))
        scan = data.pop("scan", None)
        payment = services.record_payment(
            request.user, data.pop("dossier"), scan=scan, scan_filename=scan.name if scan else "", **data
        )
        return Response(
            PaymentSerializer(self.get_queryset().get(pk=payment.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=CaseReasonSerializer, responses={201: PaymentSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """The correction of a payment: a new row of the opposite amount naming it."""
        reversal = services.reverse_payment(
            request.user, self.get_object(), reason=validated(CaseReasonSerializer, request.data)["reason"]
        )
        return Response(
            PaymentSerializer(self.get_queryset().get(pk=reversal.pk)).data, status=status.HTTP_201_CREATED
        )


class LedgerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The customer ledger, one row per unit (by dossier id); PATCH changes a unit's row (audited)."""

    serializer_class = SaleSerializer
    filterset_class = LedgerFilter
    renderer_classes = XLSX_RENDERERS
    lookup_field = "dossier"
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.ledger()

    @extend_schema(parameters=[FORMAT])
    def list(self, request, *args, **kwargs):
        if _wants_xlsx(request):
            return exports.ledger_xlsx(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SaleUpdateSerializer, responses={200: SaleSerializer})
    def partial_update(self, request, dossier=None):
        target = get_object_or_404(Dossier, pk=dossier)
        data = validated(SaleUpdateSerializer, request.data, partial=True)
        services.save_sale(request.user, target, **data)
        sale = self.get_queryset().get(dossier=target)
        return Response(SaleSerializer(sale).data)


class LoanReleaseRegisterView(APIView):
    """按揭放款情况登记表 of a month: its mortgage cases with the dates of 面签, 审批, 抵押, 放款, 通知财务."""

    renderer_classes = XLSX_RENDERERS

    @extend_schema(parameters=[MONTH, FORMAT], responses={200: RegisterSerializer})
    def get(self, request):
        month = selectors.parse_month(request.query_params.get("month"))
        rows = selectors.loan_release_register(month)
        if _wants_xlsx(request):
            return exports.register_xlsx(month, rows)
        return Response(RegisterSerializer({"month": f"{month:%Y-%m}", "rows": rows}).data)


class CollectionPlanView(APIView):
    """回款计划表 of a month: expected releases by step and bank against the actual releases."""

    @extend_schema(parameters=[MONTH], responses={200: CollectionPlanSerializer})
    def get(self, request):
        month = selectors.parse_month(request.query_params.get("month"))
        return Response(CollectionPlanSerializer(selectors.collection_plan(month)).data)
