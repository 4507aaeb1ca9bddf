from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api import PrimaryKeyRelatedField
from docstore.models import Dossier, Version
from seals import states
from seals.models import Impression, Seal, SealLoan, SealRequest, SealRequestItem


class SealSerializer(serializers.ModelSerializer):
    custodian = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    custodian_name = serializers.CharField(source="custodian.label", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    has_image = serializers.SerializerMethodField()
    out = serializers.SerializerMethodField()

    class Meta:
        model = Seal
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "company",
            "custodian",
            "custodian_name",
            "size_mm",
            "status",
            "status_label",
            "registered_on",
            "status_changed_at",
            "has_image",
            "out",
            "created_at",
        ]
        read_only_fields = ["id", "status", "status_changed_at", "created_at"]

    def get_has_image(self, obj) -> bool:
        return bool(obj.image_sha256)

    def get_out(self, obj) -> bool:
        return bool(getattr(obj, "out", 0))


class SealCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Seal.Kind.choices)
    company = serializers.CharField(max_length=100)
    custodian = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    size_mm = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, default=40)
    registered_on = serializers.DateField(required=False, allow_null=True)
    image = serializers.FileField(required=False, allow_null=True)


class SealImageSerializer(serializers.Serializer):
    image = serializers.FileField()


class CustodianSerializer(serializers.Serializer):
    custodian = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())


class SealStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=states.SealStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    effective_on = serializers.DateField(required=False, allow_null=True)


class ItemSerializer(serializers.ModelSerializer):
    version = PrimaryKeyRelatedField(queryset=Version.objects.select_related("document"))
    seal = PrimaryKeyRelatedField(queryset=Seal.objects.all())
    placements = serializers.JSONField(required=False)
    document = serializers.IntegerField(source="version.document_id", read_only=True)
    document_title = serializers.CharField(source="version.document.title", read_only=True)
    seal_name = serializers.CharField(source="seal.name", read_only=True)

    class Meta:
        model = SealRequestItem
        fields = [
            "id",
            "version",
            "document",
            "document_title",
            "seal",
            "seal_name",
            "impressions",
            "cross_page",
            "mode",
            "placements",
            "approved_sha256",
            "used",
        ]
        read_only_fields = ["id", "approved_sha256", "used"]


class ItemUpdateSerializer(serializers.Serializer):
    version = PrimaryKeyRelatedField(queryset=Version.objects.select_related("document"), required=False)
    seal = PrimaryKeyRelatedField(queryset=Seal.objects.all(), required=False)
    impressions = serializers.IntegerField(required=False)
    cross_page = serializers.BooleanField(required=False)
    mode = serializers.ChoiceField(choices=SealRequestItem.Mode.choices, required=False)
    placements = serializers.JSONField(required=False)


class SealRequestSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, required=False)
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
    requester = serializers.IntegerField(source="requester_id", read_only=True)
    requester_name = serializers.CharField(source="requester.label", read_only=True)
    decided_by_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SealRequest
        fields = [
            "id",
            "requester",
            "requester_name",
            "purpose",
            "recipient",
            "dossier",
            "status",
            "status_label",
            "created_at",
            "submitted_at",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_comment",
            "approval",
            "form_document",
            "items",
        ]
        read_only_fields = [
            "id",
            "status",
            "created_at",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "approval",
            "form_document",
        ]

    def get_decided_by_name(self, obj) -> str | None:
        return obj.decided_by.label if obj.decided_by_id else None


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class StampSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    placements = serializers.JSONField(required=False)
    version = serializers.IntegerField(required=False)


class ImpressionsSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    count = serializers.IntegerField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    made_on = serializers.DateField(required=False, allow_null=True)
    scan = serializers.FileField(required=False, allow_null=True)


class ImpressionSerializer(serializers.ModelSerializer):
    seal_name = serializers.CharField(source="seal.name", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    dossier_label = serializers.SerializerMethodField()
    requester_name = serializers.CharField(source="requester.label", read_only=True)
    approver_name = serializers.CharField(source="approver.label", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.label", read_only=True)

    class Meta:
        model = Impression
        fields = [
            "id",
            "made_on",
            "seal",
            "seal_name",
            "document",
            "document_title",
            "dossier",
            "dossier_label",
            "request",
            "item",
            "requester",
            "requester_name",
            "approver",
            "approver_name",
            "recorded_by",
            "recorded_by_name",
            "count",
            "mode",
            "anomaly",
            "reason",
            "result_version",
            "created_at",
        ]
        read_only_fields = fields

    def get_dossier_label(self, obj) -> str | None:
        return str(obj.dossier) if obj.dossier_id else None


class LoanSerializer(serializers.ModelSerializer):
    seal = PrimaryKeyRelatedField(queryset=Seal.objects.all())
    borrower_name = serializers.CharField(source="borrower.label", read_only=True)
    seal_name = serializers.CharField(source="seal.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = SealLoan
        fields = [
            "id",
            "seal",
            "seal_name",
            "borrower",
            "borrower_name",
            "purpose",
            "destination",
            "due_at",
            "status",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "returned_at",
            "return_note",
            "overdue",
        ]
        read_only_fields = [
            "id",
            "borrower",
            "status",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "returned_at",
            "return_note",
        ]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.status == states.LoanStatus.OUT and obj.due_at < timezone.now()


class MonthlyTotalSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    seal_id = serializers.IntegerField()
    seal = serializers.CharField()
    total = serializers.IntegerField()


class MonthlyTotalsSerializer(serializers.Serializer):
    """Impressions per seal and month, newest month first (the register's filters apply)."""

    results = MonthlyTotalSerializer(many=True)


class VerifySerializer(serializers.Serializer):
    file = serializers.FileField()


class RequestUpdateSerializer(serializers.Serializer):
    """The header of a request (PATCH): what is given changes, the rest stays."""

    purpose = serializers.CharField(max_length=500, required=False)
    recipient = serializers.ChoiceField(choices=SealRequest.Recipient.choices, required=False)
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
