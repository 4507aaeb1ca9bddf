"""Forms of the cases pages: opening a case, an application with its scan, a step's completion (its fields
come from the step), the ledger, payments, and the template editor (a formset of steps)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER
from archive.models import PartyType
from cases import specs
from cases.models import (
    DECISION_EFFECTS,
    CaseKind,
    CaseTemplate,
    Milestone,
    OwnerRole,
    Payment,
    Sale,
    StepEffect,
)
from docstore.models import DocumentType, Dossier
from seals.models import Seal, SealRequest


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


def staff_choices():
    users = get_user_model().objects.filter(groups__name__in=[CLERK, FIELD_STAFF, MANAGER], is_active=True)
    return [("", "—")] + [(u.pk, u.label) for u in users.distinct().order_by("username")]


class OpenCaseForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("业务"),
        queryset=CaseTemplate.objects.filter(is_active=True).exclude(kind=CaseKind.APPLICATION),
    )
    owner = forms.TypedChoiceField(label=_("经办人"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        if manager:
            self.fields["owner"].choices = staff_choices()
            self.fields["owner"].help_text = _("留空则由您本人经办")
        else:
            del self.fields["owner"]


class ApplicationForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("申请类别"), queryset=CaseTemplate.objects.filter(is_active=True, kind=CaseKind.APPLICATION)
    )
    scan = forms.FileField(label=_("申请表扫描件"), help_text=_("客户签字的申请表：PDF 或图片"))
    reason = forms.CharField(label=_("申请事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(label=_("金额"), required=False, min_value=0, max_digits=14, decimal_places=2,
                                help_text=_("优惠金额或延期付款金额"))  # fmt: skip
    until = forms.DateField(label=_("延期至"), required=False, widget=DateInput)
    target_unit = forms.CharField(label=_("新房号（调房）"), max_length=40, required=False,
                                  help_text=_("同一项目的楼栋-房号，例如 3-1601"))  # fmt: skip

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def clean_target_unit(self):
        value = self.cleaned_data["target_unit"].strip()
        if not value:
            return None
        building, _sep, unit = value.partition("-")
        target = Dossier.objects.filter(
            project=self.dossier.project, building=building.strip(), unit=unit.strip()
        ).first()
        if target is None:
            raise forms.ValidationError(_("本项目没有房号 %(unit)s 的案卷。") % {"unit": value})
        return target

    def details(self) -> dict:
        data = self.cleaned_data
        details = {"reason": data["reason"]}
        if data.get("amount") is not None:
            details["amount"] = str(data["amount"])
        if data.get("until"):
            details["until"] = data["until"].isoformat()
        if data.get("target_unit") is not None:
            details["target_dossier"] = data["target_unit"].pk
        return details


class CompleteStepForm(forms.Form):
    """One field per value the step records; the decision on an application; a note."""

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for key in step.fields:
            label, kind = specs.FIELDS[key]
            needed = key in specs.EFFECT_NEEDS.get(step.effect, ())
            if kind == "date":
                field = forms.DateField(
                    label=label, required=False, widget=DateInput, help_text=_("留空为今天")
                )
            elif kind == "amount":
                field = forms.DecimalField(
                    label=label, required=needed, min_value=0, max_digits=14, decimal_places=2
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=200)
            self.fields[key] = field
        if step.effect in DECISION_EFFECTS:
            self.fields["decision"] = forms.ChoiceField(
                label=_("审批结果"), choices=list(specs.DECISIONS.items()), widget=forms.RadioSelect
            )
            self.fields["comment"] = forms.CharField(label=_("审批意见"), max_length=500, required=False)
        self.fields["note"] = forms.CharField(label=_("备注"), max_length=500, required=False)

    def data_for_service(self) -> dict:
        return {
            key: (value.isoformat() if hasattr(value, "isoformat") else str(value))
            for key, value in self.cleaned_data.items()
            if key != "note" and value not in (None, "")
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500)


class MoveForm(forms.Form):
    target_unit = forms.CharField(label=_("新房号"), max_length=40, help_text=_("同一项目的楼栋-房号"))
    reason = forms.CharField(label=_("原因"), max_length=500)


class SaleForm(forms.ModelForm):
    class Meta:
        model = Sale
        fields = list(Sale.LEDGER_FIELDS)
        widgets = {"signed_on": DateInput}


class PaymentForm(forms.Form):
    unit = forms.CharField(label=_("房号"), max_length=40, help_text=_("项目中的楼栋-房号，例如 3-1502"))
    project = forms.CharField(label=_("项目"), max_length=100)
    date = forms.DateField(label=_("收款日期"), widget=DateInput)
    amount = forms.DecimalField(label=_("金额"), min_value=0, max_digits=14, decimal_places=2)
    kind = forms.ChoiceField(label=_("款项"), choices=Payment.Kind.choices)
    voucher = forms.CharField(label=_("收据/凭证号"), max_length=60)
    bank = forms.CharField(label=_("银行"), max_length=60, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)
    scan = forms.FileField(label=_("凭证扫描件"), required=False)

    def clean(self):
        data = super().clean()
        building, _sep, unit = (data.get("unit") or "").partition("-")
        if data.get("project") and data.get("unit"):
            dossier = Dossier.objects.filter(
                project=data["project"].strip(), building=building.strip(), unit=unit.strip()
            ).first()
            if dossier is None:
                raise forms.ValidationError(_("没有这个房号的案卷。"))
            data["dossier"] = dossier
        return data


def type_choices():
    return [(t.code, str(t)) for t in DocumentType.objects.all()]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = CaseTemplate
        fields = ["code", "name", "kind", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # code and kind stay what the cases were opened with
            del self.fields["code"], self.fields["kind"]


class StepTemplateForm(forms.Form):
    name = forms.CharField(label=_("步骤名称"), max_length=60)
    owner_role = forms.ChoiceField(label=_("负责角色"), choices=OwnerRole.choices)
    required_types = forms.MultipleChoiceField(label=_("要件"), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 5}))  # fmt: skip
    fields = forms.MultipleChoiceField(label=_("登记项"), required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=[(k, v[0]) for k, v in specs.FIELDS.items()])  # fmt: skip
    effect = forms.ChoiceField(label=_("完成时"), choices=StepEffect.choices, required=False)
    milestone = forms.ChoiceField(label=_("登记表日期"), choices=Milestone.choices, required=False)
    due_days = forms.IntegerField(
        label=_("办理时限（天）"), min_value=0, max_value=specs.MAX_DUE_DAYS, initial=3
    )
    optional = forms.BooleanField(label=_("可跳过"), required=False)
    seal_seals = forms.MultipleChoiceField(label=_("用章：印章"), required=False, choices=Seal.Kind.choices,
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    seal_documents = forms.MultipleChoiceField(label=_("用章：文件"), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 4}))  # fmt: skip
    seal_cross_page = forms.BooleanField(label=_("用章：骑缝章"), required=False)
    seal_impressions = forms.IntegerField(label=_("用章：每份次数"), min_value=1, max_value=specs.MAX_IMPRESSIONS,
                                          initial=1, required=False)  # fmt: skip
    seal_recipient = forms.ChoiceField(
        label=_("用章：用印对象"), choices=SealRequest.Recipient.choices, required=False
    )
    seal_mode = forms.ChoiceField(label=_("用章：方式"), required=False,
                                  choices=[("physical", _("实物用印")), ("electronic", _("电子用印"))])  # fmt: skip
    movement_document = forms.ChoiceField(label=_("原件流转：文件"), required=False)
    movement_party = forms.ChoiceField(label=_("原件流转：对象"), choices=PartyType.choices, required=False)
    movement_kind = forms.ChoiceField(label=_("原件流转：方式"), required=False,
                                      choices=list(specs.MOVEMENT_KINDS.items()))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = type_choices()
        self.fields["required_types"].choices = types
        self.fields["seal_documents"].choices = types
        self.fields["movement_document"].choices = [("", "—"), *types]

    @staticmethod
    def initial_of(spec: dict) -> dict:
        seal, movement = spec.get("seal") or {}, spec.get("movement") or {}
        return {
            **{
                k: spec[k]
                for k in (
                    "name",
                    "owner_role",
                    "required_types",
                    "fields",
                    "effect",
                    "milestone",
                    "due_days",
                    "optional",
                )
            },  # fmt: skip
            "seal_seals": seal.get("seals", []),
            "seal_documents": seal.get("documents", []),
            "seal_cross_page": seal.get("cross_page", False),
            "seal_impressions": seal.get("impressions", 1),
            "seal_recipient": seal.get("recipient", "bank"),
            "seal_mode": seal.get("mode", "physical"),
            "movement_document": movement.get("document", ""),
            "movement_party": movement.get("party", ""),
            "movement_kind": movement.get("kind", "out_and_back"),
        }

    def spec(self) -> dict:
        d = self.cleaned_data
        seal = {}
        if d.get("seal_seals") or d.get("seal_documents"):
            seal = {"seals": d["seal_seals"], "documents": d["seal_documents"], "cross_page": d["seal_cross_page"],
                    "impressions": d.get("seal_impressions") or 1, "recipient": d.get("seal_recipient") or "bank",
                    "mode": d.get("seal_mode") or "physical"}  # fmt: skip
        movement = {}
        if d.get("movement_document"):
            movement = {"document": d["movement_document"], "party": d.get("movement_party"),
                        "kind": d.get("movement_kind") or "out_and_back"}  # fmt: skip
        return {"name": d["name"], "owner_role": d["owner_role"], "required_types": d["required_types"],
                "fields": d["fields"], "effect": d.get("effect") or "", "milestone": d.get("milestone") or "",
                "due_days": d["due_days"], "optional": d["optional"], "seal": seal, "movement": movement}  # fmt: skip


StepFormSet = forms.formset_factory(StepTemplateForm, extra=1, can_delete=True, can_order=True, max_num=30)
