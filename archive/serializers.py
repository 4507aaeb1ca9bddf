import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework import serializers

from archive.models import (
    ArchiveRecord,
    DisposalBatch,
    DisposalItem,
    Filing,
    Hold,
    Letter,
    Location,
    Movement,
    Original,
    PartyType,
    RecordCorrection,
)
from core.api import PrimaryKeyRelatedField
from docstore.models import Document, Dossier


class CorrectionSerializer(serializers.ModelSerializer):
    corrected_by = serializers.CharField(source="corrected_by.label", read_only=True)

    class Meta:
        model = RecordCorrection
        fields = ["field", "old_value", "new_value", "reason", "corrected_by", "corrected_at"]


class RecordSerializer(serializers.ModelSerializer):
    fonds = serializers.CharField(source="fonds.code")
    category = serializers.CharField(source="category.code")
    retention = serializers.CharField(source="retention.code")
    department = serializers.CharField(source="department.code")
    box_label = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveRecord
        fields = [
            "id",
            "archival_code",
            "fonds",
            "category",
            "year",
            "retention",
            "department",
            "item_number",
            "title",
            "responsible",
            "doc_date",
            "page_count",
            "note",
            "document",
            "version",
            "dossier",
            "box",
            "box_label",
            "status",
            "trigger_date",
            "trigger_event",
            "disposal_due",
            "filed_at",
            "corrected",
            "url",
        ]

    def get_box_label(self, obj) -> str:
        return str(obj.box) if obj.box_id else ""

    def get_url(self, obj) -> str:
        return reverse("archive:record", args=[obj.pk])


class RecordDetailSerializer(RecordSerializer):
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        fields = [*RecordSerializer.Meta.fields, "corrections"]


class FileSerializer(serializers.Serializer):
    document = PrimaryKeyRelatedField(queryset=Document.objects.select_related("current_version"))
    category = serializers.CharField(required=False)
    retention = serializers.CharField(required=False)
    department = serializers.CharField(required=False)
    box = PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    responsible = serializers.CharField(required=False, allow_blank=True, max_length=100)
    doc_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    title = serializers.CharField(required=False, max_length=200)
    responsible = serializers.CharField(required=False, allow_blank=True, max_length=100)
    doc_date = serializers.DateField(required=False, allow_null=True)
    page_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MovementSerializer(serializers.ModelSerializer):
    holder = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.label", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Movement
        fields = [
            "id",
            "original",
            "kind",
            "checkout",
            "party_type",
            "holder",
            "holder_name",
            "purpose",
            "due_date",
            "renewals",
            "closed_at",
            "pages_complete",
            "remarks",
            "receipt",
            "override_reason",
            "created_by",
            "created_at",
            "overdue",
        ]

    def get_holder(self, obj) -> str | None:
        return obj.holder.username if obj.holder_id else None


class OriginalSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder_label", read_only=True)
    due_date = serializers.SerializerMethodField()
    home_label = serializers.SerializerMethodField()

    class Meta:
        model = Original
        fields = ["id", "document", "kind", "label", "home", "home_label", "status", "holder", "due_date"]
        read_only_fields = ["status"]

    def get_due_date(self, obj) -> datetime.date | None:
        return obj.current_movement.due_date if obj.current_movement_id else None

    def get_home_label(self, obj) -> str:
        return str(obj.home) if obj.home_id else ""


class OriginalDetailSerializer(OriginalSerializer):
    movements = MovementSerializer(many=True, read_only=True)

    class Meta(OriginalSerializer.Meta):
        fields = [*OriginalSerializer.Meta.fields, "movements"]


class OriginalCreateSerializer(serializers.Serializer):
    document = PrimaryKeyRelatedField(queryset=Document.objects.all())
    kind = serializers.ChoiceField(choices=Original.Kind.choices)
    home = PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CheckoutSerializer(serializers.Serializer):
    party_type = serializers.ChoiceField(choices=PartyType.choices)
    holder = serializers.CharField(
        help_text="colleague: username; others: name of the bank, office or person"
    )
    purpose = serializers.CharField(max_length=200)
    due_date = serializers.DateField(required=False, allow_null=True)
    override_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        if attrs["party_type"] == PartyType.COLLEAGUE:
            user = get_user_model().objects.filter(username=attrs["holder"]).first()
            if user is None:
                raise serializers.ValidationError({"holder": "unknown user"})
            attrs["holder_user"] = user
        return attrs


class ReturnSerializer(serializers.Serializer):
    pages_complete = serializers.BooleanField(default=True)
    remarks = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RenewSerializer(serializers.Serializer):
    due_date = serializers.DateField(required=False, allow_null=True)


class HandoverSerializer(serializers.Serializer):
    receiver_name = serializers.CharField(max_length=100)
    party_type = serializers.ChoiceField(choices=PartyType.choices, default=PartyType.CUSTOMER)
    receipt_document = PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False)
    receipt = serializers.FileField(required=False)
    remarks = serializers.CharField(required=False, allow_blank=True, max_length=500)


class LetterSerializer(serializers.ModelSerializer):
    replies = PrimaryKeyRelatedField(many=True, read_only=True)
    reply_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "number",
            "direction",
            "year",
            "date",
            "counterparty",
            "subject",
            "summary",
            "document",
            "dossier",
            "reply_due",
            "replies_to",
            "replies",
            "status",
            "reply_overdue",
            "created_at",
        ]
        read_only_fields = ["number", "year", "status", "created_at"]

    def get_reply_overdue(self, obj) -> bool:
        from django.utils import timezone

        return bool(
            obj.status == Letter.Status.OPEN and obj.reply_due and obj.reply_due < timezone.localdate()
        )


class LetterCreateSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Letter.Direction.choices)
    date = serializers.DateField()
    counterparty = serializers.CharField(max_length=100)
    subject = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    document = PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False, allow_null=True)
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
    reply_due = serializers.DateField(required=False, allow_null=True)
    replies_to = PrimaryKeyRelatedField(queryset=Letter.objects.all(), required=False, allow_null=True)


class FilingSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.label", read_only=True)

    class Meta:
        model = Filing
        fields = [
            "id",
            "kind",
            "document",
            "original",
            "filing_number",
            "status",
            "submitted_by",
            "submitted_at",
            "accepted_at",
            "returned_at",
            "rejected_at",
            "reject_reason",
            "note",
        ]


class FilingCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Filing.Kind.choices)
    document = PrimaryKeyRelatedField(queryset=Document.objects.select_related("doc_type"))
    filing_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    original = PrimaryKeyRelatedField(queryset=Original.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class FilingActionSerializer(serializers.Serializer):
    filing_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class LocationSerializer(serializers.ModelSerializer):
    # a box's retention and department; null for rooms, cabinets and shelves
    retention = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Location
        fields = [
            "id",
            "kind",
            "parent",
            "name",
            "position",
            "year",
            "retention",
            "department",
            "box_number",
            "note",
        ]


class LocationCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Location.Kind.choices)
    name = serializers.CharField(max_length=50)
    parent = PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2999)
    retention = serializers.CharField(required=False, allow_blank=True)
    department = serializers.CharField(required=False, allow_blank=True)
    box_number = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True)


class HoldSerializer(serializers.ModelSerializer):
    placed_by = serializers.CharField(source="placed_by.label", read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = Hold
        fields = ["id", "record", "dossier", "reason", "placed_by", "placed_at", "released_at", "active"]
        read_only_fields = ["placed_at", "released_at"]


class HoldCreateSerializer(serializers.Serializer):
    record = PrimaryKeyRelatedField(queryset=ArchiveRecord.objects.all(), required=False, allow_null=True)
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
    reason = serializers.CharField(max_length=500)


class DisposalItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisposalItem
        fields = ["record", "archival_code", "title", "retention_code", "disposal_due", "deleted_blobs"]


class DisposalSerializer(serializers.ModelSerializer):
    items = DisposalItemSerializer(many=True, read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.label", read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = DisposalBatch
        fields = [
            "id",
            "number",
            "status",
            "reason",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "items",
        ]

    def get_decided_by(self, obj) -> str | None:
        return obj.decided_by.label if obj.decided_by_id else None


class DisposalCreateSerializer(serializers.Serializer):
    records = PrimaryKeyRelatedField(queryset=ArchiveRecord.objects.all(), many=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TriggerSerializer(serializers.Serializer):
    records = PrimaryKeyRelatedField(queryset=ArchiveRecord.objects.all(), many=True, required=False)
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all(), required=False, allow_null=True)
    trigger_date = serializers.DateField()
    event = serializers.CharField(max_length=50)


class BagSerializer(serializers.Serializer):
    records = PrimaryKeyRelatedField(queryset=ArchiveRecord.objects.all(), many=True)


class PlaceSerializer(serializers.Serializer):
    """Put a record in a box, or take it out (box null or absent)."""

    box = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
