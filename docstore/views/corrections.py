"""Corrections: a dossier's project, building, unit and customers; a document's title, type and dossier until
it is filed (then the archive record's correction); deleting a mistyped empty dossier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from docstore import freezing, permissions
from docstore.forms import DocumentCorrectionForm, DossierCorrectionForm
from docstore.models import Document, Dossier
from docstore.services import corrections, dossiers


@login_required
@require_http_methods(["GET", "POST"])
def dossier_edit(request, pk):
    permissions.require_dossier_manager(request.user)
    dossier = get_object_or_404(Dossier.objects.prefetch_related("customers"), pk=pk)
    form = DossierCorrectionForm.for_dossier(dossier, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrected = dossiers.correct_dossier(
                request.user,
                dossier,
                project=data["project"],
                building=data["building"],
                unit=data["unit"],
                customers=data["customers"],
                note=data["note"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            if corrected.unit != data["unit"].strip():
                messages.info(
                    request,
                    _("房号“%(typed)s”已去掉重复的楼栋号，保存为 %(unit)s（标签 %(label)s）。")
                    % {"typed": data["unit"], "unit": corrected.unit, "label": corrected.unit_label},
                )
            messages.success(request, _("案卷已更正。"))
            return redirect(corrected)
    status = 400 if form.errors else 200
    return render(
        request,
        "docstore/dossier_edit.html",
        {"form": form, "dossier": dossier, "can_delete": not dossier.documents.exists()},
        status=status,
    )


@login_required
@require_POST
def dossier_delete(request, pk):
    dossier = get_object_or_404(Dossier, pk=pk)
    dossiers.delete_dossier(request.user, dossier)  # 403 / 409 go to the error pages, which say why
    messages.success(request, _("案卷 %(label)s 已删除。") % {"label": str(dossier)})
    return redirect("docstore:dossier-list")


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type", "dossier"), pk=pk)
    permissions.require_can_edit(request.user, document=document)
    freeze = freezing.freeze_of(document)
    if freeze is not None:
        if freeze.disposed:
            raise freeze.refusal()
        # filed: the archive record describes it now, and its own audited correction changes that
        messages.info(
            request,
            _("已归档的文档请在档案记录中更正著录项（档号 %(code)s）。") % {"code": freeze.archival_code},
        )
        return redirect(freeze.record_url or document.get_absolute_url())
    initial = {"title": document.title, "doc_type": document.doc_type.code, "dossier": document.dossier_id}
    form = DocumentCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.correct_document(
                request.user,
                document,
                title=data["title"],
                doc_type=data["doc_type"],
                dossier=data["dossier"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("文档已更正。"))
            return redirect(reverse("docstore:document-detail", args=[document.pk]))
    status = 400 if form.errors else 200
    return render(request, "docstore/document_edit.html", {"form": form, "document": document}, status=status)
