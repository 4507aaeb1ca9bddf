from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Category,
    Department,
    Filing,
    Letter,
    Location,
    Original,
    PartyType,
    RetentionPeriod,
)
from archive.states import LETTER
from core.filters import IdField
from core.pickers import PickerInput, labeller_for
from docstore.models import Document, Dossier


def document_picker(**kwargs):
    return PickerInput("docstore:pick-documents", labeller=labeller_for(Document), **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        # <input type="date"> only understands ISO dates, whatever the language's display format.
        super().__init__(attrs, format=format or "%Y-%m-%d")


def boxes():
    return (
        Location.objects.filter(kind=Location.Kind.BOX)
        .select_related("retention")
        .order_by("year", "box_number")
    )


class FileForm(forms.Form):
    category = forms.ModelChoiceField(label=_("门类"), queryset=Category.objects.filter(is_active=True))
    retention = forms.ModelChoiceField(label=_("保管期限"), queryset=RetentionPeriod.objects.all())
    department = forms.ModelChoiceField(label=_("机构"), queryset=Department.objects.all())
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2999)
    box = forms.ModelChoiceField(label=_("档案盒"), queryset=Location.objects.none(), required=False)
    responsible = forms.CharField(label=_("责任者"), max_length=100, required=False)
    doc_date = forms.DateField(label=_("文件日期"), required=False, widget=DateInput)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["box"].queryset = boxes()


class CorrectionForm(forms.Form):
    title = forms.CharField(label=_("题名"), max_length=200)
    responsible = forms.CharField(label=_("责任者"), max_length=100, required=False)
    doc_date = forms.DateField(label=_("文件日期"), required=False, widget=DateInput)
    page_count = forms.IntegerField(label=_("页数"), required=False, min_value=0)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)
    reason = forms.CharField(label=_("更正理由"), max_length=500)


class PlaceForm(forms.Form):
    box = forms.ModelChoiceField(label=_("档案盒"), queryset=Location.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["box"].queryset = boxes()


class TriggerForm(forms.Form):
    trigger_date = forms.DateField(label=_("起算日"), widget=DateInput)
    event = forms.CharField(label=_("起算事件"), max_length=50, initial=_("合同履行完毕"))


class LocationForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Location.Kind.choices)
    name = forms.CharField(label=_("名称"), max_length=50)
    parent = forms.ModelChoiceField(
        label=_("上级"), queryset=Location.objects.exclude(kind="box"), required=False
    )
    year = forms.IntegerField(label=_("年度（档案盒）"), required=False, min_value=1900, max_value=2999)
    retention = forms.ModelChoiceField(
        label=_("保管期限（档案盒）"), queryset=RetentionPeriod.objects.all(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("机构（档案盒）"), queryset=Department.objects.all(), required=False
    )
    box_number = forms.IntegerField(label=_("盒号"), required=False, min_value=1)
    note = forms.CharField(label=_("备考"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OriginalForm(forms.Form):
    kind = forms.ChoiceField(label=_("原件类别"), choices=Original.Kind.choices)
    home = forms.ModelChoiceField(label=_("存放位置"), queryset=Location.objects.none(), required=False)
    label = forms.CharField(label=_("说明"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = boxes()


class CheckoutForm(forms.Form):
    party_type = forms.ChoiceField(label=_("对象类型"), choices=PartyType.choices)
    holder = forms.ModelChoiceField(
        label=_("借用同事"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=PickerInput("accounts:pick-people"),
    )
    holder_name = forms.CharField(label=_("外部单位或人员"), max_length=100, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200)
    due_date = forms.DateField(
        label=_("应还日期"), required=False, widget=DateInput, help_text=_("留空按默认借期")
    )
    override_reason = forms.CharField(label=_("超期特批理由（经理）"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class ReturnForm(forms.Form):
    pages_complete = forms.BooleanField(label=_("页数完整"), required=False, initial=True)
    remarks = forms.CharField(label=_("备注"), max_length=500, required=False)


class RenewForm(forms.Form):
    due_date = forms.DateField(label=_("新的应还日期"), required=False, widget=DateInput)


class HandoverForm(forms.Form):
    receiver_name = forms.CharField(label=_("接收人"), max_length=100)
    party_type = forms.ChoiceField(label=_("对象类型"), choices=PartyType.choices, initial=PartyType.CUSTOMER)
    receipt = forms.FileField(label=_("签收单扫描件"))
    remarks = forms.CharField(label=_("备注"), max_length=500, required=False)


class LetterForm(forms.Form):
    direction = forms.ChoiceField(label=_("方向"), choices=Letter.Direction.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput, initial=timezone.localdate)
    counterparty = forms.CharField(label=_("对方单位"), max_length=100)
    subject = forms.CharField(label=_("事由"), max_length=200)
    summary = forms.CharField(label=_("摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label=_("回复期限"), required=False, widget=DateInput)
    replies_to = forms.ModelChoiceField(
        label=_("答复来函"),
        # The letters the table lets one answer.
        queryset=Letter.objects.filter(status__in=LETTER.transition("reply").sources),
        required=False,
    )
    dossier = IdField(
        label=_("案卷"),
        required=False,
        widget=PickerInput("docstore:pick-dossiers", labeller=labeller_for(Dossier)),
        help_text=_("函件涉及的房号：登记后显示在该房号的时间线上。"),
    )
    document = IdField(
        label=_("扫描件"),
        required=False,
        # the letters page gives this form the ids new_<name> (its filter form has the same names)
        widget=document_picker(params={"dossier": "#new_dossier"}),
        help_text=_("按房号、客户、标题或档号查找已上传的扫描件；联络函随该文档显示在房号的时间线上。"),
    )


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Filing.Kind.choices)
    document = IdField(label=_("合同"), widget=document_picker())
    filing_number = forms.CharField(label=_("备案号"), max_length=60, required=False)
    original = IdField(
        label=_("送交原件"),
        required=False,
        widget=PickerInput(
            "archive:pick-originals", params={"document": "#id_document"}, labeller=labeller_for(Original)
        ),
    )
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500)


class HoldForm(forms.Form):
    record = forms.IntegerField(label=_("档案编号"), required=False)
    dossier = IdField(
        label=_("案卷"),
        required=False,
        widget=PickerInput("docstore:pick-dossiers", labeller=labeller_for(Dossier)),
    )
    reason = forms.CharField(label=_("冻结理由"), max_length=500)
