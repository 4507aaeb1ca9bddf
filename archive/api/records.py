"""API: archive records (filing, corrections, placement, exports, BagIt, four-property check) and locations."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from archive import checks, exports, pdfs, permissions, selectors, services
from archive.api.base import EXPORT_RENDERERS, pdf_response
from archive.api.reports import CheckReportSerializer
from archive.filters import LocationFilter, RecordFilter
from archive.models import ArchiveRecord, Location, RecordCorrection
from archive.pagination import RecordPagination
from archive.serializers import (
    BagSerializer,
    CorrectSerializer,
    FileSerializer,
    LocationCreateSerializer,
    LocationSerializer,
    PlaceSerializer,
    RecordDetailSerializer,
    RecordSerializer,
    TriggerSerializer,
)
from core.api import validated
from core.errors import InvalidInput, NotFound
from core.openapi import CSV, PDF, XLSX, ZIP, file_responses
from docstore.permissions import may_see_id_numbers


class ArchiveRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = RecordFilter
    pagination_class = RecordPagination

    def get_renderers(self):
        # only the catalogue (the list) is also CSV/XLSX; elsewhere ?format=csv is an unknown format (404)
        if self.action == "list":
            return [renderer() for renderer in EXPORT_RENDERERS]
        return super().get_renderers()

    def get_queryset(self):
        qs = selectors.record_list()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("corrections", queryset=RecordCorrection.objects.select_related("corrected_by"))
            )
        return qs

    def get_serializer_class(self):
        return RecordDetailSerializer if self.action == "retrieve" else RecordSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv", "xlsx"], description="csv/xlsx: catalogue")
        ],
        responses=file_responses(CSV, XLSX, json=RecordSerializer(many=True)),
    )
    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("format")
        if fmt in ("csv", "xlsx"):
            queryset = self.filter_queryset(self.get_queryset())
            writer = exports.csv_response if fmt == "csv" else exports.xlsx_response
            return writer(queryset, mask_ids=not may_see_id_numbers(request.user))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FileSerializer, responses={201: RecordSerializer})
    def create(self, request):
        serializer = FileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("document")
        record = services.file_document(request.user, document, **data)
        record = selectors.record_list().get(pk=record.pk)
        return Response(RecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectSerializer, responses={200: RecordDetailSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        record = self.get_object()
        serializer = CorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason")
        services.correct_record(request.user, record, reason=reason, **changes)
        record = self.get_queryset().prefetch_related("corrections__corrected_by").get(pk=record.pk)
        return Response(RecordDetailSerializer(record).data)

    @extend_schema(request=PlaceSerializer, responses={200: RecordSerializer})
    @action(detail=True, methods=["post"])
    def place(self, request, pk=None):
        record = self.get_object()
        box_id = validated(PlaceSerializer, request.data).get("box")
        box = Location.objects.filter(pk=box_id).first() if box_id else None
        if box_id and box is None:
            raise InvalidInput(_("未找到该档案盒。"), code="not_found")
        services.place_in_box(request.user, record, box)
        return Response(RecordSerializer(selectors.record_list().get(pk=record.pk)).data)

    @extend_schema(request=TriggerSerializer, responses={200: RecordSerializer(many=True)})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def trigger(self, request):
        """Retention runs from an event (e.g. contract completed): for chosen records or a whole dossier."""
        serializer = TriggerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        records = list(data.get("records") or [])
        if data.get("dossier") is not None:
            records += list(ArchiveRecord.objects.filter(dossier=data["dossier"]))
        if not records:
            raise InvalidInput(_("请选择档案或案卷。"), code="empty")
        services.set_retention_trigger(
            request.user, records, trigger_date=data["trigger_date"], event=data["event"]
        )
        changed = selectors.record_list().filter(pk__in=[r.pk for r in records]).order_by("archival_code")
        return Response(RecordSerializer(changed, many=True).data)

    @extend_schema(responses=CheckReportSerializer)
    @action(detail=True, methods=["get"])
    def check(self, request, pk=None):
        """Four-property check (四性检测) of one record."""
        record = self.get_object()
        return Response(checks.check_batch(ArchiveRecord.objects.filter(pk=record.pk)))

    @extend_schema(request=BagSerializer, responses={200: CheckReportSerializer})
    @action(detail=False, methods=["post"], url_path="check-batch", filter_backends=[], pagination_class=None)
    def check_batch(self, request):
        serializer = BagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = [r.pk for r in serializer.validated_data["records"]]
        return Response(
            checks.check_batch(ArchiveRecord.objects.filter(pk__in=ids).order_by("archival_code"))
        )

    @extend_schema(request=BagSerializer, responses=file_responses(ZIP))
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def bag(self, request):
        """A BagIt package (zip) of the chosen records."""
        serializer = BagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = [r.pk for r in serializer.validated_data["records"]]
        records = list(
            selectors.record_list().select_related("version").filter(pk__in=ids).order_by("archival_code")
        )
        if any(r.status != ArchiveRecord.Status.FILED for r in records):
            raise InvalidInput(_("已销毁的档案不能打包。"), code="disposed")
        services.record_export(request.user, records)
        return exports.bag_response(records, actor_label=request.user.label)


class LocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LocationSerializer
    filterset_class = LocationFilter
    queryset = Location.objects.select_related("retention", "department").order_by("kind", "position", "name")

    @extend_schema(request=LocationCreateSerializer, responses={201: LocationSerializer})
    def create(self, request):
        serializer = LocationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if v not in ("", None)}
        location = services.create_location(request.user, **data)
        return Response(LocationSerializer(location).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=file_responses(PDF))
    @action(detail=True, methods=["get"])
    def spine(self, request, pk=None):
        box = self._box()
        return pdf_response(pdfs.spine_label(box, list(selectors.box_records(box))), f"spine-{box.pk}.pdf")

    @extend_schema(responses=file_responses(PDF))
    @action(detail=True, methods=["get"])
    def contents(self, request, pk=None):
        box = self._box()
        data = pdfs.contents_list(box, list(selectors.box_records(box)), prepared_by=request.user.label)
        return pdf_response(data, f"contents-{box.pk}.pdf")

    def _box(self):
        """A room, cabinet or shelf has no spine label nor contents list: 404, as for any missing file."""
        box = self.get_object()
        if not box.is_box:
            raise NotFound(_("只有档案盒有盒脊和盒内目录。"), code="not_a_box")
        return box


__all__ = ["ArchiveRecordViewSet", "LocationViewSet", "permissions"]
