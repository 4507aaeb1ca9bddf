"""HTTP API v1 for seals, seal-use requests, the register, verification and seal loans: thin."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.openapi import CSV, PDF, XLSX, file_responses
from docstore.permissions import may_see_id_numbers
from docstore.serializers import VersionSerializer
from seals import exports, selectors, services
from seals.api_routing import RoutingActions
from seals.filters import LoanFilter, RegisterFilter, SealFilter, SealRequestFilter
from seals.serializers import (
    CommentSerializer,
    CustodianSerializer,
    ImpressionSerializer,
    ImpressionsSerializer,
    ItemSerializer,
    ItemUpdateSerializer,
    LoanSerializer,
    MonthlyTotalsSerializer,
    ReasonSerializer,
    RequestUpdateSerializer,
    SealCreateSerializer,
    SealImageSerializer,
    SealRequestSerializer,
    SealSerializer,
    SealStatusSerializer,
    StampSerializer,
    VerifySerializer,
)
from seals.serializers_routing import ApproveSerializer


class SealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SealSerializer
    filterset_class = SealFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.seal_list()

    @extend_schema(request=SealCreateSerializer, responses={201: SealSerializer})
    def create(self, request):
        serializer = SealCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        image = data.get("image")
        seal = services.register_seal(
            request.user,
            name=data["name"],
            kind=data["kind"],
            company=data["company"],
            custodian=data["custodian"],
            size_mm=data.get("size_mm", 40),
            image=image.read() if image else None,
            registered_on=data.get("registered_on"),
        )
        return Response(
            SealSerializer(selectors.seal_list().get(pk=seal.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=SealStatusSerializer, responses={200: SealSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        seal = self.get_object()
        serializer = SealStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.change_seal_status(
            request.user,
            seal,
            to_status=data["status"],
            reason=data["reason"],
            effective_on=data.get("effective_on"),
        )
        return Response(SealSerializer(selectors.seal_list().get(pk=seal.pk)).data)

    @extend_schema(request=SealImageSerializer, responses={200: SealSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def image(self, request, pk=None):
        seal = self.get_object()
        serializer = SealImageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_seal_image(request.user, seal, serializer.validated_data["image"].read())
        return Response(SealSerializer(selectors.seal_list().get(pk=seal.pk)).data)

    @extend_schema(request=CustodianSerializer, responses={200: SealSerializer})
    @action(detail=True, methods=["post"])
    def custodian(self, request, pk=None):
        seal = self.get_object()
        serializer = CustodianSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_custodian(request.user, seal, serializer.validated_data["custodian"])
        return Response(SealSerializer(selectors.seal_list().get(pk=seal.pk)).data)


def _request_queryset(user):
    """The requests `user` may see (selectors.visible_requests): any other id is a 404."""
    return selectors.with_items(selectors.request_list(user))


class SealRequestViewSet(
    RoutingActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = SealRequestSerializer
    filterset_class = SealRequestFilter

    def get_queryset(self):
        return _request_queryset(self.request.user)

    def _answer(self, req, code=status.HTTP_200_OK):
        answer = _request_queryset(self.request.user).get(pk=req.pk)
        return Response(SealRequestSerializer(answer).data, status=code)

    def create(self, request):
        serializer = SealRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        items = [{**item, "version": item["version"], "seal": item["seal"]} for item in data.get("items", [])]
        req = services.create_request(
            request.user,
            purpose=data["purpose"],
            recipient=data["recipient"],
            dossier=data.get("dossier"),
            items=items,
        )
        return self._answer(req, status.HTTP_201_CREATED)

    @extend_schema(request=RequestUpdateSerializer, responses={200: SealRequestSerializer})
    def partial_update(self, request, pk=None):
        req = self.get_object()
        data = validated(RequestUpdateSerializer, request.data, partial=True)
        dossier = data.get("dossier")
        services.update_request(
            request.user, req, purpose=data.get("purpose"), recipient=data.get("recipient"), dossier=dossier
        )
        return self._answer(req)

    @extend_schema(request=ItemSerializer, responses={201: SealRequestSerializer})
    @action(detail=True, methods=["post"], url_path="items")
    def add_item(self, request, pk=None):
        req = self.get_object()
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.add_item(request.user, req, **serializer.validated_data)
        return self._answer(req, status.HTTP_201_CREATED)

    @extend_schema(request=ItemUpdateSerializer, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["patch", "delete"], url_path=r"items/(?P<item_id>\d+)")
    def item(self, request, pk=None, item_id=None):
        req = self.get_object()
        item = get_object_or_404(req.items.select_related("request", "seal", "version"), pk=item_id)
        if request.method == "DELETE":
            services.remove_item(request.user, item)
        else:
            serializer = ItemUpdateSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            services.update_item(request.user, item, **serializer.validated_data)
        return self._answer(req)

    @extend_schema(request=None, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(services.submit_request(request.user, self.get_object()))

    @extend_schema(request=ApproveSerializer, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        req = services.approve_request(
            request.user, self.get_object(), comment=data["comment"], valid_until=data["valid_until"]
        )
        return self._answer(req)

    @extend_schema(request=ReasonSerializer, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.reject_request(
                request.user, self.get_object(), reason=serializer.validated_data["reason"]
            )
        )

    @extend_schema(request=ReasonSerializer, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        req = services.return_request(
            request.user, self.get_object(), reason=serializer.validated_data["reason"]
        )
        return self._answer(req)

    @extend_schema(request=None, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(services.withdraw_request(request.user, self.get_object()))

    @extend_schema(request=None, responses={200: SealRequestSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._answer(services.close_request(request.user, self.get_object()))

    def _item(self, req, item_id):
        return get_object_or_404(req.items.all(), pk=item_id)

    @extend_schema(request=StampSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"])
    def stamp(self, request, pk=None):
        req = self.get_object()
        serializer = StampSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = None
        if data.get("version") is not None:
            from docstore.models import Version

            version = get_object_or_404(Version, pk=data["version"])
        new_version = services.stamp_item(
            request.user, self._item(req, data["item"]), placements=data.get("placements"), version=version
        )
        return Response(VersionSerializer(new_version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImpressionsSerializer, responses={201: ImpressionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def impressions(self, request, pk=None):
        req = self.get_object()
        serializer = ImpressionsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scan = data.get("scan")
        row = services.record_impressions(
            request.user,
            self._item(req, data["item"]),
            count=data["count"],
            made_on=data.get("made_on"),
            reason=data["reason"],
            scan=scan,
            scan_filename=scan.name if scan else "",
        )
        return Response(
            ImpressionSerializer(selectors.register().get(pk=row.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=file_responses(PDF))
    @action(detail=True, methods=["get"])
    def form(self, request, pk=None):
        from seals.views.pages import form_response

        return form_response(self.get_object())


class PassthroughRenderer(BaseRenderer):
    """Lets ?format=csv|xlsx through content negotiation; the view answers with the file itself."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CSVRenderer(PassthroughRenderer):
    media_type, format = "text/csv", "csv"


class XLSXRenderer(PassthroughRenderer):
    media_type, format = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"


class RegisterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The seal-use register (用印登记台账): ?format=csv|xlsx exports the filtered rows."""

    serializer_class = ImpressionSerializer
    filterset_class = RegisterFilter

    def get_renderers(self):
        # only the register itself (the list) is also CSV/XLSX
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer(), XLSXRenderer()]
        return super().get_renderers()

    def get_queryset(self):
        return selectors.register()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format", str, enum=["json", "csv", "xlsx"], description="csv/xlsx: the register"
            )
        ],
        responses=file_responses(CSV, XLSX, json=ImpressionSerializer(many=True)),
    )
    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in ("csv", "xlsx"):
            rows = self.filter_queryset(self.get_queryset())
            masked = not may_see_id_numbers(request.user)
            if fmt == "csv":
                return exports.csv_response(rows, mask_ids=masked)
            return exports.xlsx_response(rows, selectors.monthly_totals(rows), mask_ids=masked)
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=MonthlyTotalsSerializer, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def monthly(self, request):
        rows = self.filter_queryset(self.get_queryset())
        return Response({"results": selectors.monthly_totals(rows)})


class VerifyView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=VerifySerializer, responses={200: dict})
    def post(self, request):
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.verify_file(request.user, serializer.validated_data["file"])
        return Response(result.as_dict())


class LoanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LoanSerializer
    filterset_class = LoanFilter

    def get_queryset(self):
        return selectors.loan_list()

    def create(self, request):
        serializer = LoanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        loan = services.request_seal_loan(
            request.user,
            data["seal"],
            purpose=data["purpose"],
            due_at=data["due_at"],
            destination=data.get("destination", ""),
        )
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentSerializer, responses={200: LoanSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        loan = services.approve_seal_loan(
            request.user, self.get_object(), comment=serializer.validated_data["comment"]
        )
        return Response(LoanSerializer(loan).data)

    @extend_schema(request=ReasonSerializer, responses={200: LoanSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        loan = services.reject_seal_loan(
            request.user, self.get_object(), reason=serializer.validated_data["reason"]
        )
        return Response(LoanSerializer(loan).data)

    @extend_schema(request=ReasonSerializer, responses={200: LoanSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        loan = services.return_seal(request.user, self.get_object(), note=serializer.validated_data["reason"])
        return Response(LoanSerializer(loan).data)
