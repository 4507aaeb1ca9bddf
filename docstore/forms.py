from django import forms
from django.utils.translation import gettext_lazy as _

from docstore.models import DocumentType, Dossier


class DossierForm(forms.Form):
    project = forms.CharField(label=_("项目"), max_length=100)
    building = forms.CharField(label=_("楼栋"), max_length=20)
    unit = forms.CharField(label=_("房号"), max_length=20)
    customers = forms.CharField(
        label=_("客户"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一位：姓名 证件号码"),
    )
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_customers(self):
        customers = []
        for line in self.cleaned_data["customers"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if parts:
                customers.append({"name": parts[0], "id_number": parts[1] if len(parts) > 1 else ""})
        return customers


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、DOCX、PNG、JPEG 或 TIFF"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    doc_type = forms.ModelChoiceField(
        label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code"
    )
    dossier = forms.ModelChoiceField(label=_("案卷"), queryset=Dossier.objects.all(), required=False)
    comment = forms.CharField(label=_("说明"), max_length=500, required=False)


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))
    comment = forms.CharField(label=_("说明"), max_length=500, required=False)
