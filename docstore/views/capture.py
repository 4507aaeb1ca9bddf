"""Phone capture: field staff photograph the pages of a paper document; they become one PDF, a new document or
a new version (?document=<id>)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require_staff
from core.errors import DomainError
from docstore.forms import CaptureForm
from docstore.models import Document
from docstore.services import capture


@login_required
@require_http_methods(["GET", "POST"])
def capture_page(request):
    require_staff(request.user)
    target = request.GET.get("document") or request.POST.get("document")
    document = get_object_or_404(Document, pk=target) if target and str(target).isdigit() else None
    initial = {"dossier": request.GET.get("dossier"), "doc_type": request.GET.get("doc_type") or "other"}
    form = CaptureForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = capture.capture_document(
                request.user,
                data["pages"],
                title=data["title"],
                doc_type=data["doc_type"],
                dossier=data["dossier"],
                document=document,
            )
        except DomainError as exc:
            if exc.code == "checked_out":
                raise
            form.add_error("pages", str(exc.detail))
            return render(
                request, "docstore/capture.html", {"form": form, "document": document}, status=exc.status
            )
        messages.success(request, _("已合成 %(n)s 页的 PDF。") % {"n": version.page_count})
        return redirect(version.document)
    return render(request, "docstore/capture.html", {"form": form, "document": document})
