"""HTTP API v1 for dossiers, documents and versions: parse, call a service, answer."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from docstore import permissions, selectors, services
from docstore.downloads import version_response
from docstore.filters import DocumentFilter, DossierFilter
from docstore.models import Document, Version
from docstore.serializers import (
    DocumentDetailSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    DossierSerializer,
    VersionSerializer,
    VersionUploadSerializer,
)


class ReaderMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require_reader(request.user)


class DossierViewSet(ReaderMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DossierSerializer
    filterset_class = DossierFilter

    def get_queryset(self):
        return selectors.dossier_list()

    def create(self, request):
        serializer = DossierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dossier = services.create_dossier(
            request.user,
            project=data["project"],
            building=data["building"],
            unit=data["unit"],
            customers=data.get("customers", []),
            note=data.get("note", ""),
        )
        return Response(DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(ReaderMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        qs = selectors.document_list()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("versions", queryset=Version.objects.select_related("created_by").order_by("number"))
            )
        return qs

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    @extend_schema(request=DocumentUploadSerializer, responses={201: DocumentSerializer})
    def create(self, request):
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        document = services.create_document(
            request.user,
            file=upload,
            filename=upload.name,
            title=data.get("title", ""),
            doc_type=data["doc_type"],
            dossier=data.get("dossier"),
            parent=data.get("parent"),
            metadata=data.get("metadata") or {},
            comment=data.get("comment", ""),
        )
        document = selectors.document_list().get(pk=document.pk)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionUploadSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def versions(self, request, pk=None):
        document = self.get_object()
        serializer = VersionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        version = services.add_version(
            request.user,
            document,
            file=upload,
            filename=upload.name,
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionViewSet(ReaderMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VersionSerializer
    queryset = Version.objects.select_related("created_by", "document")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="content", url_name="content")
    def content(self, request, pk=None):
        version = self.get_object()
        services.record_download(request.user, version)
        return version_response(request, version)


__all__ = ["DossierViewSet", "DocumentViewSet", "VersionViewSet", "Document"]
