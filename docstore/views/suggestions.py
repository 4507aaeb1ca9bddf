"""Confirming a suggestion from the document's text (one click, one POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from core.errors import InvalidInput
from docstore.models import Document
from docstore.services import suggestions


@login_required
@require_POST
def confirm_suggestion(request, pk):
    require_staff(request.user)
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    customer = request.POST.get("customer") or None
    try:
        customer_id = int(customer) if customer else None
    except ValueError:
        customer_id = None
    try:
        suggestions.confirm(
            request.user,
            document,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
            customer_id=customer_id,
        )
    except InvalidInput as exc:
        messages.error(request, str(exc.detail))
        return redirect(f"{document.get_absolute_url()}#suggestions")
    messages.success(request, _("已填入：%(value)s") % {"value": request.POST.get("value", "")})
    return redirect(f"{document.get_absolute_url()}#suggestions")
