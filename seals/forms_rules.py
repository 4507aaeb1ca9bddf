"""Forms of the approval rules page and of a person's away flag."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from docstore.models import DocumentType
from seals.approval_models import ApprovalRule
from seals.models import Seal, SealRequest

ANY = [("", _("任意"))]


class RuleForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    seal_kind = forms.ChoiceField(label=_("印章类别"), choices=ANY + list(Seal.Kind.choices), required=False)
    doc_type = forms.ModelChoiceField(
        label=_("文档类型"), queryset=DocumentType.objects.all(), required=False, empty_label=_("任意")
    )
    recipient = forms.ChoiceField(
        label=_("用印对象"), choices=ANY + list(SealRequest.Recipient.choices), required=False
    )
    shape = forms.ChoiceField(label=_("审批方式"), choices=ApprovalRule.Shape.choices)
    approvers = forms.CharField(
        label=_("审批人"),
        max_length=1000,
        help_text=_(
            "用逗号分隔，逐级审批按顺序；角色写 group:manager、group:marketing_director，个人写 user:用户名"
        ),
    )
    valid_days = forms.IntegerField(
        label=_("授权有效天数"), required=False, min_value=1, max_value=3650, help_text=_("留空：系统默认")
    )
    position = forms.IntegerField(label=_("顺序"), required=False, min_value=0, max_value=32767, initial=0)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    @classmethod
    def for_rule(cls, rule: ApprovalRule):
        return cls(
            prefix=f"rule{rule.pk}",
            initial={
                "name": rule.name,
                "seal_kind": rule.seal_kind,
                "doc_type": rule.doc_type_id,
                "recipient": rule.recipient,
                "shape": rule.shape,
                "approvers": ", ".join(rule.approvers),
                "valid_days": rule.valid_days,
                "position": rule.position,
                "active": rule.active,
            },
        )

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["approvers"] = [
            ref.strip() for ref in data["approvers"].replace("，", ",").split(",") if ref.strip()
        ]
        return data


class AwayForm(forms.Form):
    away = forms.BooleanField(label=_("外出中（由代理人审批）"), required=False)
    deputy = forms.ModelChoiceField(
        label=_("代理人"), queryset=get_user_model().objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).exclude(groups=None).order_by("username")
        self.fields["deputy"].queryset = people.exclude(pk=user.pk) if user else people
