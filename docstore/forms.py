from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import idnumber
from core.pickers import PickerInput
from docstore.models import DocumentType, Dossier


class DossierForm(forms.Form):
    project = forms.CharField(label=_("项目"), max_length=100)
    building = forms.CharField(label=_("楼栋"), max_length=20)
    unit = forms.CharField(
        label=_("房号"),
        max_length=20,
        help_text=_("只填楼栋后的部分：8 栋 2101 室填楼栋 8、房号 2101（标签显示为 8-2101）。"),
    )
    customers = forms.CharField(
        label=_("客户"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一位：姓名 证件号码"),
    )
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_customers(self):
        customers, errors = [], []
        for line in self.cleaned_data["customers"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if parts:
                number = parts[1] if len(parts) > 1 else ""
                if number:
                    try:
                        number = idnumber.validate(number)
                    except ValidationError as exc:
                        errors.append(_("%(name)s：%(error)s") % {"name": parts[0], "error": exc.messages[0]})
                customers.append({"name": parts[0], "id_number": number})
        if errors:
            raise ValidationError(errors)
        return customers


class DossierCorrectionForm(DossierForm):
    reason = forms.CharField(label=_("更正理由"), max_length=500, required=False)

    @classmethod
    def for_dossier(cls, dossier, data=None):
        customers = "\n".join(f"{c.name} {c.id_number}".strip() for c in dossier.customers.all())
        initial = {
            "project": dossier.project,
            "building": dossier.building,
            "unit": dossier.unit,
            "customers": customers,
            "note": dossier.note,
        }
        return cls(data, initial=initial)


class DocumentCorrectionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    doc_type = forms.ModelChoiceField(
        label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code"
    )
    dossier = forms.ModelChoiceField(
        label=_("案卷"),
        queryset=Dossier.objects.all(),
        required=False,
        widget=PickerInput("docstore:pick-dossiers"),
    )
    reason = forms.CharField(label=_("更正理由"), max_length=500, required=False)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、DOCX、PNG、JPEG 或 TIFF"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    doc_type = forms.ModelChoiceField(
        label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code"
    )
    dossier = forms.ModelChoiceField(
        label=_("案卷"),
        queryset=Dossier.objects.all(),
        required=False,
        widget=PickerInput("docstore:pick-dossiers"),
    )
    comment = forms.CharField(label=_("说明"), max_length=500, required=False)
    password = forms.CharField(
        label=_("PDF 密码"),
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("只有需要密码才能打开的 PDF 才填；只用于检查文件，不会保存。"),
    )

    def __init__(self, *args, file_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = file_required


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))
    comment = forms.CharField(label=_("说明"), max_length=500, required=False)
    password = forms.CharField(
        label=_("PDF 密码"),
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("只有需要密码才能打开的 PDF 才填；只用于检查文件，不会保存。"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class AttachmentsForm(forms.Form):
    files = MultipleFileField(label=_("附件"), help_text=_("可一次选择多个文件"))


class TemplateFillForm(forms.Form):
    """A dossier, then one field per placeholder; those the dossier supplies may be left empty."""

    dossier = forms.ModelChoiceField(
        label=_("案卷"), queryset=Dossier.objects.all(), widget=PickerInput("docstore:pick-dossiers")
    )
    doc_type = forms.ModelChoiceField(
        label=_("生成的文档类型"),
        queryset=DocumentType.objects.exclude(code="contract_template"),
        to_field_name="code",
        required=False,
        help_text=_("默认为商品房买卖合同"),
    )
    pdf = forms.BooleanField(label=_("同时生成 PDF"), required=False)

    def __init__(self, *args, names=(), dossier_names=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder_fields = []
        for index, name in enumerate(names):
            key = f"value_{index}"
            self.fields[key] = forms.CharField(
                label=name,
                required=False,
                max_length=2000,
                help_text=_("留空则取自案卷") if name in dossier_names else "",
            )
            self.placeholder_fields.append((key, name))

    def values(self) -> dict:
        return {name: self.cleaned_data.get(key, "") for key, name in self.placeholder_fields}


class CaptureForm(forms.Form):
    """Phone capture: the camera opens from the file input (capture="environment"); several pages at once."""

    pages = MultipleFileField(
        label=_("拍摄页面"),
        help_text=_("依次拍摄每一页；页面会自动裁切到纸张并摆正，合成一份 PDF。"),
        widget=MultipleFileInput(attrs={"multiple": True, "accept": "image/*", "capture": "environment"}),
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    doc_type = forms.ModelChoiceField(
        label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code", required=False
    )
    dossier = forms.ModelChoiceField(label=_("案卷"), queryset=Dossier.objects.all(), required=False)
