"""API: paper originals and their movements."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from archive import pdfs, services
from archive.api.base import pdf_response
from archive.filters import MovementFilter, OriginalFilter
from archive.models import ArchiveRecord, Movement, Original, PartyType
from archive.serializers import (
    CheckoutSerializer,
    HandoverSerializer,
    MovementSerializer,
    OriginalCreateSerializer,
    OriginalDetailSerializer,
    OriginalSerializer,
    RenewSerializer,
    ReturnSerializer,
)
from core.openapi import PDF, file_responses


def original_queryset():
    return Original.objects.select_related(
        "document", "home", "current_movement", "current_movement__holder"
    ).order_by("-id")


class OriginalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = OriginalFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = original_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("movements", queryset=Movement.objects.select_related("holder", "created_by"))
            )
        return qs

    def get_serializer_class(self):
        return OriginalDetailSerializer if self.action == "retrieve" else OriginalSerializer

    def _detail(self, original):
        return Response(
            OriginalDetailSerializer(
                self.get_queryset()
                .prefetch_related(
                    Prefetch("movements", queryset=Movement.objects.select_related("holder", "created_by"))
                )
                .get(pk=original.pk)
            ).data
        )

    @extend_schema(request=OriginalCreateSerializer, responses={201: OriginalSerializer})
    def create(self, request):
        serializer = OriginalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        original = services.register_original(
            request.user,
            data["document"],
            kind=data["kind"],
            home=data.get("home"),
            label=data.get("label", ""),
        )
        return Response(OriginalSerializer(original_queryset().get(pk=original.pk)).data, status=201)

    @extend_schema(request=CheckoutSerializer, responses={201: MovementSerializer})
    @action(detail=True, methods=["post"])
    def checkout(self, request, pk=None):
        original = self.get_object()
        serializer = CheckoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        colleague = data["party_type"] == PartyType.COLLEAGUE
        movement = services.check_out_original(
            request.user,
            original,
            party_type=data["party_type"],
            holder=data.get("holder_user") if colleague else None,
            holder_name="" if colleague else data["holder"],
            purpose=data["purpose"],
            due_date=data.get("due_date"),
            override_reason=data.get("override_reason", ""),
        )
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReturnSerializer, responses={201: MovementSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        original = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        movement = services.return_original(request.user, original, **serializer.validated_data)
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RenewSerializer, responses={201: MovementSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        original = self.get_object()
        serializer = RenewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        movement = services.renew_original_loan(
            request.user, original, due_date=serializer.validated_data.get("due_date")
        )
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HandoverSerializer, responses={201: MovementSerializer})
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        original = self.get_object()
        serializer = HandoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("receipt")
        movement = services.hand_over_original(
            request.user,
            original,
            receiver_name=data["receiver_name"],
            party_type=data["party_type"],
            receipt=data.get("receipt_document"),
            receipt_file=upload,
            receipt_filename=upload.name if upload else "receipt.pdf",
            remarks=data.get("remarks", ""),
        )
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=file_responses(PDF))
    @action(detail=True, methods=["get"])
    def label(self, request, pk=None):
        original = self.get_object()
        url = request.build_absolute_uri(original.get_absolute_url())
        code = ArchiveRecord.objects.filter(document_id=original.document_id).values_list(
            "archival_code", flat=True
        )
        return pdf_response(
            pdfs.original_label(original, url, code.first() or ""), f"original-{original.pk}.pdf"
        )


class MovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MovementSerializer
    filterset_class = MovementFilter
    queryset = Movement.objects.select_related("holder", "created_by").order_by("-created_at", "-id")
