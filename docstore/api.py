"""HTTP API v1 for dossiers, documents and versions: parse, call a service, answer."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.openapi import ANY, ZIP, file_responses
from docstore import freezing, selectors
from docstore.downloads import version_response, zip_response
from docstore.filters import DocumentFilter, DossierFilter
from docstore.models import Version
from docstore.serializers import (
    AttachmentsUploadSerializer,
    CheckInSerializer,
    CheckOutRequestSerializer,
    CheckOutSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    DossierSerializer,
    ForceCheckInSerializer,
    VersionSerializer,
    VersionUploadSerializer,
)
from docstore.services import attachments, documents, dossiers, edit_locks


class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DossierSerializer
    filterset_class = DossierFilter

    def get_queryset(self):
        return selectors.dossier_list()

    def create(self, request):
        serializer = DossierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dossier = dossiers.create_dossier(
            request.user,
            project=data["project"],
            building=data["building"],
            unit=data["unit"],
            customers=data.get("customers", []),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(dossier).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
        document = documents.create_document(
            request.user,
            file=upload,
            filename=upload.name,
            title=data.get("title", ""),
            doc_type=data["doc_type"],
            dossier=data.get("dossier"),
            parent=data.get("parent"),
            metadata=data.get("metadata") or {},
            comment=data.get("comment", ""),
            on_duplicate="allow" if data.get("allow_duplicate") else "refuse",
            password=data.get("password", ""),
        )
        # Answered from the object just created (its type, version and creator are in hand; a new document
        # holds no check-out): no second trip through the list's query.
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionUploadSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def versions(self, request, pk=None):
        document = self.get_object()
        serializer = VersionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        version = documents.add_version(
            request.user,
            document,
            file=upload,
            filename=upload.name,
            comment=serializer.validated_data.get("comment", ""),
            password=serializer.validated_data.get("password", ""),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["POST"], request=CheckOutRequestSerializer, responses={201: CheckOutSerializer})
    @extend_schema(methods=["DELETE"], request=ForceCheckInSerializer, responses={200: CheckOutSerializer})
    @action(detail=True, methods=["post", "delete"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def checkout(self, request, pk=None):
        """POST: check the document out (optional expires_at). DELETE: forced check-in (manager)."""
        document = self.get_object()
        if request.method == "DELETE":
            serializer = ForceCheckInSerializer(data=request.data or {})
            serializer.is_valid(raise_exception=True)
            released = edit_locks.force_unlock(
                request.user, document, reason=serializer.validated_data.get("reason", "")
            )
            return Response(CheckOutSerializer(released).data)
        serializer = CheckOutRequestSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        created = edit_locks.lock_for_edit(
            request.user, document, expires_at=serializer.validated_data.get("expires_at")
        )
        return Response(CheckOutSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CheckInSerializer, responses={200: DocumentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def checkin(self, request, pk=None):
        document = self.get_object()
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        edit_locks.unlock_after_edit(
            request.user,
            document,
            file=upload,
            filename=upload.name if upload else "",
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(DocumentSerializer(selectors.document_list().get(pk=document.pk)).data)

    @extend_schema(methods=["GET"], responses={200: DocumentSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=AttachmentsUploadSerializer, responses={201: DocumentSerializer(many=True)}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],  # the document list's filters are not this list's
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        """GET: the document's attachments. POST: several files at once (multipart `files`)."""
        document = self.get_object()
        if request.method == "POST":
            files = request.FILES.getlist("files")
            serializer = AttachmentsUploadSerializer(data={"files": files})
            serializer.is_valid(raise_exception=True)
            created = attachments.attach_files(request.user, document, serializer.validated_data["files"])
            documents = selectors.document_list().filter(pk__in=[d.pk for d in created]).order_by("id")
            return Response(DocumentSerializer(documents, many=True).data, status=status.HTTP_201_CREATED)
        documents = selectors.document_list().filter(parent=document).order_by("created_at", "id")
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(responses=file_responses(ZIP))
    @action(detail=True, methods=["get"], url_path="attachments.zip", url_name="attachments-zip")
    def attachments_zip(self, request, pk=None):
        document = self.get_object()
        versions = attachments.versions_to_zip(document)
        attachments.record_zip_download(request.user, document, len(versions))
        return zip_response(f"{document.title}-附件.zip", versions)


class CheckOutViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's live check-outs (`?all=1`: everyone's, for the manager)."""

    serializer_class = CheckOutSerializer

    def get_queryset(self):
        from accounts.roles import MANAGER, has_role
        from docstore.models import CheckOut

        if getattr(self, "swagger_fake_view", False):  # schema generation
            return CheckOut.objects.none()
        if self.request.query_params.get("all") and has_role(self.request.user, MANAGER):
            return CheckOut.objects.filter(released_at__isnull=True).select_related(
                "holder", "document", "released_by"
            )
        return selectors.my_checkouts(self.request.user).select_related("holder", "released_by")


class VersionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VersionSerializer
    queryset = Version.objects.select_related("created_by", "document")

    def get_object(self):
        version = super().get_object()
        # 410: only the catalogue entry is left
        freezing.require_not_disposed(version.document_id, reading=True)
        return version

    # the bytes as stored, under the version's own media type; 304 to a matching If-None-Match (the sha256)
    @extend_schema(responses={**file_responses(ANY), 304: None})
    @action(detail=True, methods=["get"], url_path="content", url_name="content")
    def content(self, request, pk=None):
        version = self.get_object()
        documents.record_download(request.user, version)
        return version_response(request, version)
