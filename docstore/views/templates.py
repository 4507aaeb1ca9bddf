"""The contract-template page: its fields, and the form that fills it in for a dossier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require_staff
from core.errors import DomainError
from docstore import permissions, templating
from docstore.forms import TemplateFillForm
from docstore.models import Document, RenditionJob
from docstore.services import templates


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, pk):
    require_staff(request.user)
    template = get_object_or_404(
        Document.objects.select_related("doc_type", "current_version"),
        pk=pk,
        doc_type__code=permissions.TEMPLATE_TYPE,
    )
    names = templates.template_fields(template)
    dossier_names = {zh for zh, _en, _d in templating.DOSSIER_FIELDS} | {
        en for _zh, en, _d in templating.DOSSIER_FIELDS
    }
    form = TemplateFillForm(
        request.POST or None,
        names=names,
        dossier_names=dossier_names,
        initial={"dossier": request.GET.get("dossier")},
    )
    missing = []
    if request.method == "POST" and form.is_valid():
        try:
            document = templates.fill_template(
                request.user,
                template,
                dossier=form.cleaned_data["dossier"],
                values=form.values(),
                pdf=form.cleaned_data.get("pdf", False),
                doc_type=form.cleaned_data.get("doc_type"),
            )
        except DomainError as exc:
            missing = exc.extra.get("missing", [])
            form.add_error(None, str(exc.detail))
        else:
            if form.cleaned_data.get("pdf"):
                messages.success(request, _("已由合同范本生成文档；PDF 正在后台生成，完成后本页自动刷新。"))
            else:
                messages.success(request, _("已由合同范本生成文档。"))
            return redirect(document)
    return render(
        request,
        "docstore/template_detail.html",
        {
            "template": template,
            "names": names,
            "form": form,
            "missing": missing,
            "dossier_fields": templating.DOSSIER_FIELDS,
            "pdf_available": templating.soffice() is not None,
        },
        status=400 if missing else 200,
    )


@login_required
def rendition_status(request, pk):
    """What the document page polls while its PDF is made: the job's state, in words too."""
    require_staff(request.user)
    job = get_object_or_404(RenditionJob.objects.select_related("result"), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "finished": job.status in (RenditionJob.Status.DONE, RenditionJob.Status.FAILED),
            "error": job.error,
            "version": job.result.number if job.result_id else None,
        }
    )


def rendition_panel_context(request, document) -> dict:
    return {"job": document.rendition_jobs.order_by("-pk").first()}


def rendition_panel_visible(user, document) -> bool:
    """Shown while the PDF is being made, and when it failed (until a later fill or upload)."""
    job = document.rendition_jobs.order_by("-pk").first()
    return job is not None and job.status != RenditionJob.Status.DONE
