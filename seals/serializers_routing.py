"""Serializers of approval routing: the rules table, a request's steps, batches, revoking, bulk use."""

from rest_framework import serializers

from core.api import PrimaryKeyRelatedField
from docstore.models import Document, DocumentType, Version
from seals.approval_models import ApprovalRule, ApprovalStep
from seals.models import Seal, SealRequest, SealRequestItem
from seals.services.routing import ref_label


class ApprovalRuleSerializer(serializers.ModelSerializer):
    seal_kind = serializers.ChoiceField(choices=[("", "—"), *Seal.Kind.choices], required=False, default="")
    recipient = serializers.ChoiceField(
        choices=[("", "—"), *SealRequest.Recipient.choices], required=False, default=""
    )
    doc_type = PrimaryKeyRelatedField(queryset=DocumentType.objects.all(), required=False, allow_null=True)
    approvers = serializers.ListField(
        child=serializers.CharField(max_length=200),
        min_length=1,
        max_length=10,
        help_text="group:角色 或 user:用户名",
    )
    approver_labels = serializers.SerializerMethodField()
    valid_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3650)
    position = serializers.IntegerField(required=False, default=0, min_value=0, max_value=32767)

    class Meta:
        model = ApprovalRule
        fields = [
            "id",
            "name",
            "seal_kind",
            "doc_type",
            "recipient",
            "shape",
            "approvers",
            "approver_labels",
            "valid_days",
            "position",
            "active",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_by", "updated_at"]

    def get_approver_labels(self, obj) -> list[str]:
        return [ref_label(ref) for ref in obj.approvers]


class ApprovalStepSerializer(serializers.ModelSerializer):
    seat = serializers.CharField(source="seat_ref", read_only=True)
    decided_by_name = serializers.SerializerMethodField()
    on_behalf_of_name = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalStep
        fields = [
            "round",
            "order",
            "seat",
            "second_approver",
            "decision",
            "decided_by",
            "decided_by_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "decided_at",
            "comment",
        ]
        read_only_fields = fields

    def get_decided_by_name(self, obj) -> str | None:
        return obj.decided_by.label if obj.decided_by_id else None

    def get_on_behalf_of_name(self, obj) -> str | None:
        return obj.on_behalf_of.label if obj.on_behalf_of_id else None


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    valid_until = serializers.DateTimeField(required=False, allow_null=True, default=None)


class BatchItemSerializer(serializers.Serializer):
    """One item of a batch: a document (its current version) or a version; its dossier is the document's."""

    document = PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False, allow_null=True)
    version = PrimaryKeyRelatedField(
        queryset=Version.objects.select_related("document"), required=False, allow_null=True
    )
    seal = PrimaryKeyRelatedField(queryset=Seal.objects.all())
    impressions = serializers.IntegerField(required=False, default=1)
    cross_page = serializers.BooleanField(required=False, default=False)
    mode = serializers.ChoiceField(choices=SealRequestItem.Mode.choices, required=False, default="physical")
    placements = serializers.JSONField(required=False)

    def validate(self, attrs):
        document, version = attrs.pop("document", None), attrs.get("version")
        if version is None:
            if document is None or document.current_version_id is None:
                raise serializers.ValidationError("document or version required")
            attrs["version"] = document.current_version
        elif document is not None and version.document_id != document.pk:
            raise serializers.ValidationError("the version is not of this document")
        return attrs


class BatchSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=500)
    recipient = serializers.ChoiceField(choices=SealRequest.Recipient.choices)
    items = BatchItemSerializer(many=True, min_length=1, max_length=200)
    submit = serializers.BooleanField(required=False, default=False)


class RecordAllSerializer(serializers.Serializer):
    made_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
