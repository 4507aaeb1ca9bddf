"""Pages: an original with its movement history; check-out, renew, return and hand-over in a few clicks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from archive import pdfs, permissions, selectors, services, states
from archive.forms import CheckoutForm, HandoverForm, OriginalForm, RenewForm, ReturnForm
from archive.models import ArchiveRecord, Original, PartyType
from archive.views.common import attempt, page_of
from docstore.models import Document


def _back(request, original):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return original.get_absolute_url()


@login_required
def original_detail(request, pk):
    require_staff(request.user)
    original = get_object_or_404(
        Original.objects.select_related("document", "document__dossier", "home", "current_movement__holder"),
        pk=pk,
    )
    record = ArchiveRecord.objects.filter(document_id=original.document_id).first()
    return render(
        request,
        "archive/original_detail.html",
        {
            "original": original,
            "record": record,
            "movements": original.movements.select_related("holder", "created_by", "override_by", "receipt"),
            "actions": states.ORIGINAL.allowed_actions(request.user, original),
            "is_manager": permissions.is_manager(request.user),
            "checkout_form": CheckoutForm(),
            "return_form": ReturnForm(),
            "renew_form": RenewForm(),
            "handover_form": HandoverForm(),
        },
    )


@login_required
@require_POST
def original_create(request, document_pk):
    document = get_object_or_404(Document, pk=document_pk)
    form = OriginalForm(request.POST)
    target = f"/archive/documents/{document.pk}/"
    if not form.is_valid():
        messages.error(request, _("请选择原件类别。"))
        return redirect(target)
    data = form.cleaned_data
    response, _exc = attempt(
        request,
        target,
        lambda: services.register_original(
            request.user, document, kind=data["kind"], home=data["home"], label=data["label"]
        ),
        _("原件已登记。"),
    )
    return response


@login_required
@require_POST
def original_checkout(request, pk):
    original = get_object_or_404(Original, pk=pk)
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("借出信息不完整：请填写对象类型和用途。"))
        return redirect(_back(request, original))
    data = form.cleaned_data
    colleague = data["party_type"] == PartyType.COLLEAGUE
    response, _exc = attempt(
        request,
        _back(request, original),
        lambda: services.check_out_original(
            request.user,
            original,
            party_type=data["party_type"],
            holder=data["holder"] if colleague else None,
            holder_name="" if colleague else data["holder_name"],
            purpose=data["purpose"],
            due_date=data["due_date"],
            override_reason=data["override_reason"],
        ),
        _("已借出。"),
    )
    return response


@login_required
@require_POST
def original_return(request, pk):
    original = get_object_or_404(Original.objects.select_related("home"), pk=pk)
    form = ReturnForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    home = str(original.home) if original.home_id else _("档案室")
    response, _exc = attempt(
        request,
        _back(request, original),
        lambda: services.return_original(
            request.user,
            original,
            pages_complete=data.get("pages_complete", False),
            remarks=data.get("remarks", ""),
        ),
        _("已归还，请放回：%(home)s") % {"home": home},
    )
    return response


@login_required
@require_POST
def original_renew(request, pk):
    original = get_object_or_404(Original, pk=pk)
    form = RenewForm(request.POST)
    form.is_valid()
    response, _exc = attempt(
        request,
        _back(request, original),
        lambda: services.renew_original_loan(
            request.user, original, due_date=form.cleaned_data.get("due_date")
        ),
        _("已续借。"),
    )
    return response


@login_required
@require_POST
def original_handover(request, pk):
    original = get_object_or_404(Original.objects.select_related("document"), pk=pk)
    form = HandoverForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写接收人并上传签收单扫描件。"))
        return redirect(original)
    data = form.cleaned_data
    response, _exc = attempt(
        request,
        original,
        lambda: services.hand_over_original(
            request.user,
            original,
            receiver_name=data["receiver_name"],
            party_type=data["party_type"],
            receipt_file=data["receipt"],
            receipt_filename=data["receipt"].name,
            remarks=data["remarks"],
        ),
        _("已移交。"),
    )
    return response


@login_required
def original_label(request, pk):
    require_staff(request.user)
    original = get_object_or_404(Original.objects.select_related("document", "home"), pk=pk)
    code = ArchiveRecord.objects.filter(document_id=original.document_id).values_list(
        "archival_code", flat=True
    )
    data = pdfs.original_label(
        original, request.build_absolute_uri(original.get_absolute_url()), code.first() or ""
    )
    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="original-{original.pk}.pdf"'
    return response


@login_required
def overdue(request):
    require_staff(request.user)
    qs = selectors.overdue_movements()
    if not permissions.can_keep(request.user):
        qs = qs.filter(holder=request.user)
    return render(request, "archive/overdue.html", {"page": page_of(request, qs), "query": ""})
