"""API shapes of cases: templates with their steps, cases with their steps and what each still lacks, the
ledger, payments and the two monthly registers."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework import serializers

from cases.models import Case, CaseKind, CaseTemplate, Milestone, OwnerRole, Payment, Sale, Step, StepEffect
from core.api import PrimaryKeyRelatedField
from docstore.models import Dossier

MONEY = {"max_digits": 14, "decimal_places": 2}


class StepTemplateSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=60)
    owner_role = serializers.ChoiceField(choices=OwnerRole.choices)
    required_types = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=40
    )
    seal = serializers.JSONField(
        required=False, help_text="{seals, documents, cross_page, impressions, recipient, mode}"
    )
    movement = serializers.JSONField(
        required=False, help_text="{document, party, kind: out|out_and_back|handover}"
    )
    fields = serializers.ListField(child=serializers.CharField(max_length=20), required=False, max_length=20)
    effect = serializers.ChoiceField(choices=StepEffect.choices, required=False, allow_blank=True)
    milestone = serializers.ChoiceField(choices=Milestone.choices, required=False, allow_blank=True)
    due_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    optional = serializers.BooleanField(required=False)


class CaseTemplateSerializer(serializers.ModelSerializer):
    steps = serializers.SerializerMethodField()

    class Meta:
        model = CaseTemplate
        fields = ["id", "name", "code", "kind", "description", "is_active", "version", "steps"]

    def get_steps(self, obj) -> StepTemplateSerializer(many=True):
        return StepTemplateSerializer(
            [{"number": s.number, **s.spec()} for s in obj.steps.all()], many=True
        ).data


class CaseTemplateCreateSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    steps = StepTemplateSerializer(many=True)


class CaseTemplateUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    steps = StepTemplateSerializer(many=True, required=False)


class StepSerializer(serializers.ModelSerializer):
    required_document_types = serializers.ListField(source="required_types", child=serializers.CharField())
    missing = serializers.SerializerMethodField()
    done_by = serializers.CharField(source="done_by.username", read_only=True, default=None, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Step
        fields = ["number", "name", "owner_role", "status", "required_document_types", "missing", "seal",
                  "movement", "fields", "effect", "optional", "due_at", "started_at", "done_at", "done_by", "data",
                  "note", "seal_request", "url"]  # fmt: skip

    def get_missing(self, obj) -> list[str]:
        missing = self.context.get("missing", {})
        return [str(m) for m in missing.get(obj.pk, [])]

    def get_url(self, obj) -> str:
        return reverse("cases:step", args=[obj.case_id, obj.number])


class CaseSerializer(serializers.ModelSerializer):
    dossier_label = serializers.CharField(source="dossier.__str__", read_only=True)
    template = serializers.CharField(source="template.code", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    steps = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "dossier", "dossier_label", "template", "template_version", "name", "kind", "status",
                  "owner", "opened_at", "closed_at", "cancel_reason", "details", "current_number", "current_name",
                  "current_due", "expected_release", "released_on", "milestones", "steps", "url"]  # fmt: skip

    def get_steps(self, obj) -> StepSerializer(many=True):
        return StepSerializer(obj.steps.all(), many=True, context=self.context).data

    def get_url(self, obj) -> str:
        return reverse("cases:case", args=[obj.pk])


class CaseCreateSerializer(serializers.Serializer):
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all())
    template = PrimaryKeyRelatedField(queryset=CaseTemplate.objects.all())
    owner = PrimaryKeyRelatedField(queryset=get_user_model().objects.all(), required=False)
    details = serializers.JSONField(
        required=False, help_text="an application's {reason, amount, until, target_dossier}"
    )


class StepCompleteSerializer(serializers.Serializer):
    data = serializers.DictField(
        required=False, help_text="the step's fields; {decision, comment} on a decision"
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CaseReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class CaseMoveSerializer(serializers.Serializer):
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all())
    reason = serializers.CharField(max_length=500)


class SealRequestLinkSerializer(serializers.Serializer):
    seal_request = serializers.IntegerField()
    url = serializers.CharField()


class PaymentSerializer(serializers.ModelSerializer):
    dossier_label = serializers.CharField(source="dossier.__str__", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = ["id", "dossier", "dossier_label", "date", "amount", "kind", "voucher", "bank", "note", "scan",
                  "step", "reverses", "reversed_by", "created_by", "created_at"]  # fmt: skip

    def get_reversed_by(self, obj) -> int | None:
        reversal = getattr(obj, "reversal", None)
        return reversal.pk if reversal is not None else None


class PaymentCreateSerializer(serializers.Serializer):
    dossier = PrimaryKeyRelatedField(queryset=Dossier.objects.all())
    date = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    kind = serializers.ChoiceField(choices=Payment.Kind.choices)
    voucher = serializers.CharField(max_length=60)
    bank = serializers.CharField(max_length=60, required=False, allow_blank=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    scan = serializers.FileField(required=False, allow_null=True)


class SaleSerializer(serializers.ModelSerializer):
    dossier_label = serializers.CharField(source="dossier.__str__", read_only=True)
    customers = serializers.SerializerMethodField()
    received = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, default=None)
    progress = serializers.CharField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Sale
        fields = ["dossier", "dossier_label", "customers", *Sale.LEDGER_FIELDS, "received", "progress",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["dossier", "updated_at"]

    def get_customers(self, obj) -> list[str]:
        return [c.name for c in obj.dossier.customers.all()]


class SaleUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sale
        fields = list(Sale.LEDGER_FIELDS)
        extra_kwargs = {name: {"required": False} for name in Sale.LEDGER_FIELDS}


class RegisterRowSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    dossier = serializers.IntegerField()
    project = serializers.CharField()
    unit = serializers.CharField()
    customer = serializers.CharField()
    bank = serializers.CharField()
    loan_type = serializers.CharField()
    amount = serializers.DecimalField(**MONEY, allow_null=True)
    years = serializers.IntegerField(allow_null=True)
    signing = serializers.DateField(allow_null=True)
    approval = serializers.DateField(allow_null=True)
    mortgage = serializers.DateField(allow_null=True)
    release = serializers.DateField(allow_null=True)
    received = serializers.DecimalField(max_digits=16, decimal_places=2)
    reported = serializers.DateField(allow_null=True)
    step = serializers.CharField(allow_blank=True)


class RegisterSerializer(serializers.Serializer):
    month = serializers.CharField()
    rows = RegisterRowSerializer(many=True)


class ExpectedSerializer(serializers.Serializer):
    step = serializers.CharField()
    number = serializers.IntegerField(allow_null=True)
    bank = serializers.CharField(allow_blank=True)
    cases = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class ActualSerializer(serializers.Serializer):
    bank = serializers.CharField(allow_blank=True)
    payments = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class ByBankSerializer(serializers.Serializer):
    bank = serializers.CharField(allow_blank=True)
    expected_cases = serializers.IntegerField()
    expected_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual_payments = serializers.IntegerField()
    actual_amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class LateSerializer(serializers.Serializer):
    cases = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class CollectionPlanSerializer(serializers.Serializer):
    month = serializers.CharField()
    expected = ExpectedSerializer(many=True)
    late = LateSerializer()
    actual = ActualSerializer(many=True)
    by_bank = ByBankSerializer(many=True)
    expected_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual_total = serializers.DecimalField(max_digits=16, decimal_places=2)
