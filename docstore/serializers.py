from rest_framework import serializers

from core.api import PrimaryKeyRelatedField
from core.reversing import reverse_pk
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
        return reverse_pk("api:version-content", obj.pk)


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
        return obj.thumbnail_url

    def to_representation(self, instance):
        """The declared fields' values, built directly: DRF's field-by-field walk (attribute lookups, nested
        serializer, method field) was most of a list request's CPU. The fields above still describe the
        schema; tests/test_api_documents.py holds this against DRF's own rendering."""
        version = instance.current_version
        datetime = self.fields["created_at"].to_representation
        since = getattr(instance, "lock_since", None)
        holder = getattr(instance, "lock_holder", None)
        data = {
            "id": instance.pk,
            "title": str(instance.title),
            "doc_type": instance.doc_type.code,
            "dossier": instance.dossier_id,
            "parent": instance.parent_id,
            "metadata": instance.metadata,
            "current_version": None if version is None else _current_version(version),
            "created_by": instance.created_by.label,
            "created_at": datetime(instance.created_at),
            "checked_out_by": None if holder is None else str(holder),
            "checked_out_since": None if since is None else datetime(since),
            "thumbnail_url": instance.thumbnail_url,
        }
        for name, field in self.fields.items():
            if name in data:
                continue  # below: a subclass's own fields (the detail's versions)
            attribute = field.get_attribute(instance)
            data[name] = None if attribute is None else field.to_representation(attribute)
        return data


def _current_version(version: Version) -> dict:
    """CurrentVersionSerializer's representation (see DocumentSerializer.to_representation)."""
    return {
        "id": version.pk,
        "number": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "media_type": version.media_type,
        "filename": version.filename,
        "active_content": version.active_content,
        "damaged": version.damaged,
        "encrypted": version.encrypted,
    }


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
