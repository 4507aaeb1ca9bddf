from django.urls import reverse
from rest_framework import serializers

from docstore.models import Customer, Document, DocumentType, Dossier, Version


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["name", "id_number"]


class DossierSerializer(serializers.ModelSerializer):
    customers = CustomerSerializer(many=True, required=False)
    unit_label = serializers.CharField(read_only=True)

    class Meta:
        model = Dossier
        fields = ["id", "project", "building", "unit", "unit_label", "customers", "note", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []  # uniqueness is the service's to report, as 409


class VersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.label", read_only=True)
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = Version
        fields = [
            "id",
            "document",
            "number",
            "sha256",
            "size",
            "page_count",
            "media_type",
            "filename",
            "comment",
            "origin",
            "origin_detail",
            "created_by",
            "created_at",
            "content_url",
        ]
        read_only_fields = fields

    def get_content_url(self, obj) -> str:
        return reverse("api-version-content", args=[obj.pk])


class CurrentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Version
        fields = ["id", "number", "sha256", "size", "page_count", "media_type", "filename"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    doc_type = serializers.SlugRelatedField(slug_field="code", queryset=DocumentType.objects.all())
    current_version = CurrentVersionSerializer(read_only=True)
    created_by = serializers.CharField(source="created_by.label", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "doc_type",
            "dossier",
            "parent",
            "metadata",
            "current_version",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "current_version", "created_by", "created_at"]


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + ["versions"]


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    doc_type = serializers.SlugRelatedField(slug_field="code", queryset=DocumentType.objects.all())
    dossier = serializers.PrimaryKeyRelatedField(
        queryset=Dossier.objects.all(), required=False, allow_null=True
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True
    )
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)
    metadata = serializers.JSONField(required=False)


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)
