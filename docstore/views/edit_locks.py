"""Edit-lock pages: check out (lock), check in (unlock), forced check-in, and "my check-outs"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from core.errors import DomainError
from docstore import selectors
from docstore.models import Document
from docstore.services import edit_locks


@login_required
@require_POST
def document_checkout(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    expires = parse_datetime(request.POST.get("expires_at") or "")
    edit_locks.lock_for_edit(request.user, document, expires_at=expires)
    messages.success(request, _("已签出，签入前其他人不能添加版本。"))
    return redirect(document)


@login_required
@require_POST
def document_checkin(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    upload = request.FILES.get("file")
    try:
        version = edit_locks.unlock_after_edit(
            request.user,
            document,
            file=upload,
            filename=upload.name if upload else "",
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        if exc.code in ("filed", "disposed"):
            raise  # the error page: 409 or 410, naming the archival code
        messages.error(request, str(exc.detail))
        return redirect(document)
    if version is not None:
        messages.success(request, _("已签入，并添加第 %(n)s 版。") % {"n": version.number})
    else:
        messages.success(request, _("已签入。"))
    return redirect(document)


@login_required
@require_POST
def document_force_checkin(request, pk):
    document = get_object_or_404(Document, pk=pk)
    edit_locks.force_unlock(request.user, document, reason=request.POST.get("reason", ""))
    messages.success(request, _("已强制签入。"))
    return redirect(document)


@login_required
def my_checkouts(request):
    require_staff(request.user)
    return render(
        request,
        "docstore/my_checkouts.html",
        {
            "checkouts": selectors.my_checkouts(request.user),
            "released": selectors.my_released_checkouts(request.user),
        },
    )
