"""Attachment actions on a document page: add several at once, download them all as a zip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from core.errors import DomainError
from docstore.downloads import zip_response
from docstore.forms import AttachmentsForm
from docstore.models import Document
from docstore.services import attachments


@login_required
@require_POST
def attachments_upload(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type", "dossier"), pk=pk)
    form = AttachmentsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的附件。"))
        return redirect(document)
    try:
        created = attachments.attach_files(request.user, document, request.FILES.getlist("files"))
    except DomainError as exc:
        if exc.code in ("filed", "disposed"):
            raise  # the error page: 409 or 410, naming the archival code
        messages.error(request, str(exc.detail))
        return redirect(document)
    messages.success(request, _("已添加 %(n)s 个附件。") % {"n": len(created)})
    return redirect(document)


@login_required
def attachments_zip(request, pk):
    require_staff(request.user)
    document = get_object_or_404(Document, pk=pk)
    versions = attachments.versions_to_zip(document)
    if not versions:
        raise Http404
    attachments.record_zip_download(request.user, document, len(versions))
    return zip_response(f"{document.title}-附件.zip", versions)
