"""API: liaison letters, filings, holds and disposals."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from archive import pdfs, selectors, services
from archive.api.base import pdf_response
from archive.filters import FilingFilter, LetterFilter
from archive.models import DisposalBatch, Filing, Hold, Letter
from archive.serializers import (
    DecisionSerializer,
    DisposalCreateSerializer,
    DisposalSerializer,
    FilingActionSerializer,
    FilingCreateSerializer,
    FilingSerializer,
    HoldCreateSerializer,
    HoldSerializer,
    LetterCreateSerializer,
    LetterSerializer,
    RecordSerializer,
)
from core.api import validated
from core.openapi import PDF, file_responses


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class LetterViewSet(ReadViewSet):
    serializer_class = LetterSerializer
    filterset_class = LetterFilter
    queryset = Letter.objects.prefetch_related("replies").order_by("-year", "direction", "-seq")

    @extend_schema(request=LetterCreateSerializer, responses={201: LetterSerializer})
    def create(self, request):
        serializer = LetterCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = services.register_letter(request.user, **serializer.validated_data)
        return Response(
            LetterSerializer(self.get_queryset().get(pk=letter.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=DecisionSerializer, responses={200: LetterSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        letter = services.close_letter(
            request.user, self.get_object(), note=validated(DecisionSerializer, request.data).get("note", "")
        )
        return Response(LetterSerializer(self.get_queryset().get(pk=letter.pk)).data)


class FilingViewSet(ReadViewSet):
    serializer_class = FilingSerializer
    filterset_class = FilingFilter
    queryset = Filing.objects.select_related("submitted_by").order_by("-submitted_at", "-id")

    @extend_schema(request=FilingCreateSerializer, responses={201: FilingSerializer})
    def create(self, request):
        serializer = FilingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("document")
        filing = services.submit_filing(request.user, document, **data)
        return Response(
            FilingSerializer(self.get_queryset().get(pk=filing.pk)).data, status=status.HTTP_201_CREATED
        )

    def _act(self, request, verb):
        filing = self.get_object()
        serializer = FilingActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if verb == "accept":
            services.accept_filing(request.user, filing, filing_number=data.get("filing_number", ""))
        elif verb == "reject":
            services.reject_filing(request.user, filing, reason=data.get("reason", ""))
        else:
            services.return_filing(request.user, filing)
        return Response(FilingSerializer(self.get_queryset().get(pk=filing.pk)).data)

    @extend_schema(request=FilingActionSerializer, responses={200: FilingSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(request, "accept")

    @extend_schema(request=FilingActionSerializer, responses={200: FilingSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(request, "reject")

    @extend_schema(request=FilingActionSerializer, responses={200: FilingSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, "return")


class HoldViewSet(ReadViewSet):
    serializer_class = HoldSerializer
    queryset = Hold.objects.select_related("placed_by").order_by("-placed_at", "-id")

    @extend_schema(request=HoldCreateSerializer, responses={201: HoldSerializer})
    def create(self, request):
        serializer = HoldCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hold = services.place_hold(request.user, **serializer.validated_data)
        return Response(
            HoldSerializer(self.get_queryset().get(pk=hold.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=DecisionSerializer, responses={200: HoldSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        hold = services.release_hold(
            request.user, self.get_object(), note=validated(DecisionSerializer, request.data).get("note", "")
        )
        return Response(HoldSerializer(self.get_queryset().get(pk=hold.pk)).data)


class DisposalViewSet(ReadViewSet):
    serializer_class = DisposalSerializer

    def get_queryset(self):
        return (
            DisposalBatch.objects.select_related("proposed_by", "decided_by")
            .prefetch_related(Prefetch("items"))
            .order_by("-proposed_at", "-id")
        )

    @extend_schema(request=DisposalCreateSerializer, responses={201: DisposalSerializer})
    def create(self, request):
        serializer = DisposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        batch = services.propose_disposal(request.user, data["records"], reason=data.get("reason", ""))
        return Response(DisposalSerializer(self.get_queryset().get(pk=batch.pk)).data, status=201)

    @extend_schema(responses={200: RecordSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def due(self, request):
        """Records due for disposal (past retention, not held, not in a pending batch)."""
        page = self.paginate_queryset(selectors.due_for_disposal())
        return self.get_paginated_response(RecordSerializer(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={200: DisposalSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        batch = services.approve_disposal(
            request.user, self.get_object(), note=validated(DecisionSerializer, request.data).get("note", "")
        )
        return Response(DisposalSerializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(request=DecisionSerializer, responses={200: DisposalSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        batch = services.reject_disposal(
            request.user, self.get_object(), note=validated(DecisionSerializer, request.data).get("note", "")
        )
        return Response(DisposalSerializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(responses=file_responses(PDF))
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk=None):
        batch = self.get_object()
        return pdf_response(pdfs.disposal_certificate(batch, list(batch.items.all())), f"{batch.number}.pdf")
