from django.urls import reverse
from rest_framework import serializers

from core.api import PrimaryKeyRelatedField
from docstore.models import CheckOut, Customer, Document, DocumentType, Dossier, Version


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["name", "id_number"]

    def validate_id_number(self, value):
        from django.core.exceptions import ValidationError

        from core import idnumber

        if not value:
            return ""
        try:
            return idnumber.validate(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages[0], code=exc.code) from None

    def to_representation(self, instance):
        """Whole only for the clerk and the manager (docstore.permissions.may_see_id_numbers)."""
        from core import idnumber
        from docstore.permissions import may_see_id_numbers

        data = super().to_representation(instance)
        request = self.context.get("request")
        if data.get("id_number") and not (request and may_see_id_numbers(request.user)):
            data["id_number"] = idnumber.mask(data["id_number"])
        return data


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
            "active_content",
            "damaged",
            "encrypted",
            "created_by",
            "created_at",
            "content_url",
        ]
        read_only_fields = fields

    def get_content_url(self, obj) -> str:
        return reverse("api:version-content", args=[obj.pk])


class CurrentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Version
        fields = [
            "id",
            "number",
            "sha256",
            "size",
            "page_count",
            "media_type",
            "filename",
            "active_content",
            "damaged",
            "encrypted",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    doc_type = serializers.SlugRelatedField(slug_field="code", queryset=DocumentType.objects.all())
    current_version = CurrentVersionSerializer(read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.label", read_only=True)
    # null while nobody holds the document checked out
    checked_out_by = serializers.CharField(
        source="lock_holder", read_only=True, default=None, allow_null=True
    )
    checked_out_since = serializers.DateTimeField(
        source="lock_since", read_only=True, default=None, allow_null=True
    )
    thumbnail_url = serializers.SerializerMethodField()

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
            "checked_out_by",
            "checked_out_since",
            "thumbnail_url",
        ]
        read_only_fields = ["id", "current_version", "created_by", "created_at"]

    def get_thumbnail_url(self, obj) -> str | None:
        if obj.current_version_id is None:
            return None
        return reverse("docstore:version-thumbnail", args=[obj.current_version_id])


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + ["versions"]


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    doc_type = serializers.SlugRelatedField(slug_field="code", queryset=DocumentType.objects.all())
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
    parent = PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False, allow_null=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)
    metadata = serializers.JSONField(required=False)
    allow_duplicate = serializers.BooleanField(required=False, default=False)
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        max_length=200,
        style={"input_type": "password"},
        help_text="a PDF's user password, to open it at upload only: never stored",
    )


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        max_length=200,
        style={"input_type": "password"},
        help_text="a PDF's user password, to open it at upload only: never stored",
    )


class CheckOutSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder.label", read_only=True)
    holder_username = serializers.CharField(source="holder.username", read_only=True)
    released_by = serializers.CharField(
        source="released_by.label", read_only=True, default=None, allow_null=True
    )
    # "" while the check-out lasts
    release_reason = serializers.ChoiceField(
        choices=CheckOut.Release.choices, allow_blank=True, read_only=True
    )
    document_title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = CheckOut
        fields = [
            "id",
            "document",
            "document_title",
            "holder",
            "holder_username",
            "checked_out_at",
            "expires_at",
            "released_at",
            "released_by",
            "release_reason",
            "note",
        ]
        read_only_fields = fields


class CheckOutRequestSerializer(serializers.Serializer):
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ForceCheckInSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CheckInSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_empty_file=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)


class TemplateFillSerializer(serializers.Serializer):
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all())
    values = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    pdf = serializers.BooleanField(required=False, default=False)
    doc_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DocumentType.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AttachmentsUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)


class SearchResultSerializer(serializers.Serializer):
    document = DocumentSerializer()
    snippet = serializers.CharField()
    score = serializers.FloatField()
    ocr_page = serializers.IntegerField(
        allow_null=True, help_text="first scanned page whose recognised text hits"
    )
