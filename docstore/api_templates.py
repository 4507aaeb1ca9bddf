"""API for contract templates: which placeholders a template has, and filling it for a dossier."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from docstore import permissions, selectors, templating
from docstore.models import Document
from docstore.serializers import DocumentSerializer, TemplateFillSerializer
from docstore.services import templates


class TemplateViewSet(viewsets.GenericViewSet):
    """`{id}` is the template document's id (type contract_template)."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        return selectors.document_list().filter(doc_type__code=permissions.TEMPLATE_TYPE)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
        responses=inline_serializer(
            "TemplateFields",
            {
                "fields": serializers.ListField(child=serializers.CharField()),
                "dossier_fields": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def fields(self, request, pk=None):
        template: Document = self.get_object()
        names = templates.template_fields(template)
        return Response(
            {
                "fields": names,
                "dossier_fields": [
                    {"name": zh, "alias": en, "description": str(desc)}
                    for zh, en, desc in templating.DOSSIER_FIELDS
                ],
            }
        )

    @extend_schema(request=TemplateFillSerializer, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def fill(self, request, pk=None):
        template: Document = self.get_object()
        serializer = TemplateFillSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = templates.fill_template(
            request.user,
            template,
            dossier=data["dossier"],
            values=data.get("values") or {},
            pdf=data.get("pdf", False),
            doc_type=data.get("doc_type"),
            title=data.get("title", ""),
        )
        document = selectors.document_list().get(pk=document.pk)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
