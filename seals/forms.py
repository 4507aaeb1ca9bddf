from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER
from core.pickers import PickerInput
from docstore.models import Document, Dossier
from seals import states
from seals.models import Seal, SealRequest, SealRequestItem

PLACEMENT_CHOICES = [
    ("last_page_signature", _("末页签章处（右下）")),
    ("first_page_signature", _("首页签章处（右下）")),
    ("last_page_centre", _("末页中央")),
    ("custom", _("指定页码和位置")),
    ("none", _("不加普通章（仅骑缝章）")),
]


def staff_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[CLERK, FIELD_STAFF, MANAGER])
        .distinct()
        .order_by("username")
    )


class SealForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Seal.Kind.choices)
    company = forms.CharField(label=_("所属公司"), max_length=100)
    custodian = forms.ModelChoiceField(
        label=_("保管人"),
        queryset=staff_users(),
        widget=PickerInput("accounts:pick-people", query={"staff": "1"}),
    )
    size_mm = forms.DecimalField(label=_("尺寸（毫米）"), min_value=5, max_value=120, initial=40)
    registered_on = forms.DateField(
        label=_("备案日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    image = forms.FileField(
        label=_("印模图片"),
        required=False,
        help_text=_("透明背景的 PNG，或白纸上的扫描件（自动去底、裁切）。"),
    )


class SealStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=states.SealStatus.choices)
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)
    effective_on = forms.DateField(
        label=_("生效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, targets=None, **kwargs):
        """`targets`: offer only the states the lifecycle table allows from the seal's current one."""
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["status"].choices = [(s, states.SealStatus(s).label) for s in targets]


class SealImageForm(forms.Form):
    image = forms.FileField(label=_("印模图片"))


class RequestForm(forms.Form):
    """One-item request, as asked from a document page: the common case in two clicks."""

    purpose = forms.CharField(label=_("用印事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    recipient = forms.ChoiceField(label=_("用印对象"), choices=SealRequest.Recipient.choices)
    seal = forms.ModelChoiceField(
        label=_("印章"),
        queryset=Seal.objects.filter(status=states.SealStatus.ACTIVE).order_by("kind", "name"),
        widget=PickerInput("seals:pick-seals", query={"active": "1"}),
    )
    impressions = forms.IntegerField(label=_("用印次数"), min_value=1, max_value=500, initial=1)
    mode = forms.ChoiceField(
        label=_("用印方式"), choices=SealRequestItem.Mode.choices, initial=SealRequestItem.Mode.ELECTRONIC
    )
    cross_page = forms.BooleanField(label=_("加盖骑缝章"), required=False)
    placement = forms.ChoiceField(
        label=_("盖章位置"), choices=PLACEMENT_CHOICES, initial="last_page_signature"
    )
    page = forms.IntegerField(label=_("页码"), min_value=1, required=False)
    x = forms.FloatField(label=_("距左边（毫米）"), min_value=0, required=False)
    y = forms.FloatField(label=_("距底边（毫米）"), min_value=0, required=False)

    def placements(self) -> list:
        data = self.cleaned_data
        choice = data["placement"]
        if choice == "none":
            return []
        if choice == "custom":
            return [{"page": data.get("page") or 1, "x": data.get("x") or 0, "y": data.get("y") or 0}]
        return [{"preset": choice}]


class StartForm(forms.Form):
    """A new request without a document at hand: choose the dossier (optional) and the document."""

    dossier = forms.ModelChoiceField(
        label=_("案卷"),
        queryset=Dossier.objects.all(),
        required=False,
        widget=PickerInput("docstore:pick-dossiers"),
        help_text=_("输入房号（如 8-2101）或客户姓名"),
    )
    document = forms.ModelChoiceField(
        label=_("要盖章的文档"),
        queryset=Document.objects.all(),
        widget=PickerInput("docstore:pick-documents", params={"dossier": "#id_dossier"}),
        help_text=_("输入标题、房号或档号；选了案卷则只列该案卷的文档"),
    )

    def clean(self):
        data = super().clean()
        dossier, document = data.get("dossier"), data.get("document")
        if dossier and document and document.dossier_id != dossier.pk:
            self.add_error("document", _("该文档不属于所选案卷。"))
        return data


class ItemEditForm(forms.Form):
    """Changing an item: free in draft or returned; after approval it voids the approval (back to draft)."""

    impressions = forms.IntegerField(label=_("用印次数"), min_value=1, max_value=500)
    cross_page = forms.BooleanField(label=_("加盖骑缝章"), required=False)
    placement = forms.ChoiceField(label=_("盖章位置"), choices=PLACEMENT_CHOICES, required=False)
    page = forms.IntegerField(label=_("页码"), min_value=1, required=False)
    x = forms.FloatField(label=_("距左边（毫米）"), min_value=0, required=False)
    y = forms.FloatField(label=_("距底边（毫米）"), min_value=0, required=False)

    placements = RequestForm.placements

    @classmethod
    def for_item(cls, item):
        placement = "none"
        initial = {"impressions": item.impressions, "cross_page": item.cross_page}
        if item.placements:
            first = item.placements[0]
            placement = first.get("preset", "custom")
            initial.update(page=first.get("page"), x=first.get("x"), y=first.get("y"))
        initial["placement"] = placement
        return cls(initial=initial, prefix=f"item{item.pk}")


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("意见或原因"), max_length=500, required=False)
    # Only the last seat's approval sets the window; empty: the rule's days.
    valid_until = forms.DateField(
        label=_("授权有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ImpressionForm(forms.Form):
    count = forms.IntegerField(label=_("用印次数"), min_value=1, initial=1)
    made_on = forms.DateField(
        label=_("用印日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("超次说明"), max_length=500, required=False)
    scan = forms.FileField(label=_("盖章后扫描件（可选）"), required=False)


class LoanForm(forms.Form):
    purpose = forms.CharField(label=_("外借事由"), max_length=500)
    destination = forms.CharField(label=_("去向"), max_length=200, required=False)
    due_at = forms.DateTimeField(
        label=_("应还时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("要验证的 PDF"))
