"""Pages: letter register, filings, holds and disposal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import require_staff
from archive import pdfs, permissions, selectors, services, states
from archive.filters import FilingFilter, LetterFilter
from archive.forms import FilingForm, HoldForm, LetterForm, ReasonForm
from archive.models import ArchiveRecord, DisposalBatch, Filing, Hold, Letter, Original
from archive.views.common import attempt, page_of, query_without_page
from core.errors import DomainError
from docstore.models import Document, Dossier


@login_required
def letters(request):
    require_staff(request.user)
    # Its own ids: the filter form on the same page has fields of the same names.
    form = LetterForm(request.POST or None, auto_id="new_%s")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        doc_id, dossier_id = data.pop("document"), data.pop("dossier")
        try:
            document = Document.objects.get(pk=doc_id) if doc_id else None
            dossier = Dossier.objects.get(pk=dossier_id) if dossier_id else None
            letter = services.register_letter(request.user, document=document, dossier=dossier, **data)
        except Document.DoesNotExist:
            form.add_error("document", _("未找到该文档。"))
        except Dossier.DoesNotExist:
            form.add_error("dossier", _("未找到该案卷。"))
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("已登记，函号 %(n)s。") % {"n": letter.number})
            return redirect("archive:letters")
    filterset = LetterFilter(
        request.GET, queryset=Letter.objects.select_related("replies_to").order_by("-date", "-id")
    )
    return render(
        request,
        "archive/letters.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs),
            "query": query_without_page(request),
            "form": form,
            "overdue": selectors.overdue_letters()[:20],
            "can_keep": permissions.can_keep(request.user),
        },
    )


@login_required
def letter_detail(request, pk):
    require_staff(request.user)
    letter = get_object_or_404(
        Letter.objects.select_related("replies_to", "document", "dossier", "created_by"), pk=pk
    )
    if request.method == "POST":
        response, _exc = attempt(
            request, letter, lambda: services.close_letter(request.user, letter), _("已办结。")
        )
        return response
    return render(
        request,
        "archive/letter_detail.html",
        {
            "letter": letter,
            "replies": letter.replies.all(),
            "actions": states.LETTER.allowed_actions(request.user, letter),
        },
    )


@login_required
def filings(request):
    require_staff(request.user)
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = get_object_or_404(Document.objects.select_related("doc_type"), pk=data["document"])
            original = get_object_or_404(Original, pk=data["original"]) if data["original"] else None
            services.submit_filing(
                request.user,
                document,
                kind=data["kind"],
                filing_number=data["filing_number"],
                original=original,
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("备案已登记。"))
            return redirect("archive:filings")
    filterset = FilingFilter(
        request.GET,
        queryset=Filing.objects.select_related("document", "document__dossier", "submitted_by", "original"),
    )
    page = page_of(request, filterset.qs)
    page.object_list = states.FILING.with_actions(request.user, page.object_list)
    return render(
        request,
        "archive/filings.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "form": form,
            "not_returned": selectors.filings_not_returned()[:50],
            "can_file": permissions.can_file_with_authority(request.user),
        },
    )


@login_required
@require_POST
def filing_action(request, pk, verb):
    filing = get_object_or_404(Filing, pk=pk)
    actions = {
        "accept": lambda: services.accept_filing(
            request.user, filing, filing_number=request.POST.get("filing_number", "")
        ),
        "reject": lambda: services.reject_filing(request.user, filing, reason=request.POST.get("reason", "")),
        "return": lambda: services.return_filing(request.user, filing),
    }
    if verb not in actions:
        messages.error(request, _("未知操作。"))
        return redirect("archive:filings")
    response, _exc = attempt(request, "archive:filings", actions[verb], _("备案状态已更新。"))
    return response


@login_required
def disposals(request):
    require_staff(request.user)
    due = selectors.due_for_disposal()
    return render(
        request,
        "archive/disposals.html",
        {
            "due": page_of(request, due),
            "query": "",
            "batches": DisposalBatch.objects.select_related("proposed_by", "decided_by")[:50],
            "holds": Hold.objects.filter(released_at__isnull=True).select_related(
                "record", "dossier", "placed_by"
            ),
            "hold_form": HoldForm(),
            "can_keep": permissions.can_keep(request.user),
            "is_manager": permissions.is_manager(request.user),
        },
    )


@login_required
@require_POST
def disposal_propose(request):
    ids = [int(x) for x in request.POST.getlist("records") if x.isdigit()]
    records = list(ArchiveRecord.objects.filter(pk__in=ids))
    try:
        batch = services.propose_disposal(request.user, records, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect("archive:disposals")
    messages.success(request, _("销毁清册 %(n)s 已提交，待经理审批。") % {"n": batch.number})
    return redirect(batch)


@login_required
def disposal_detail(request, pk):
    require_staff(request.user)
    batch = get_object_or_404(DisposalBatch.objects.select_related("proposed_by", "decided_by"), pk=pk)
    if request.method == "POST":
        verb = request.POST.get("verb")
        note = request.POST.get("note", "")
        if verb == "approve":
            fn, ok = (lambda: services.approve_disposal(request.user, batch, note=note)), _("已批准销毁。")
        else:
            fn, ok = (lambda: services.reject_disposal(request.user, batch, note=note)), _("已驳回。")
        response, _exc = attempt(request, batch, fn, ok)
        return response
    return render(
        request,
        "archive/disposal_detail.html",
        {
            "batch": batch,
            "items": batch.items.all(),
            "actions": states.DISPOSAL.allowed_actions(request.user, batch),
            "form": ReasonForm(),
        },
    )


@login_required
def disposal_certificate(request, pk):
    require_staff(request.user)
    batch = get_object_or_404(DisposalBatch.objects.select_related("proposed_by", "decided_by"), pk=pk)
    response = HttpResponse(
        pdfs.disposal_certificate(batch, list(batch.items.all())), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{batch.number}.pdf"'
    return response


@login_required
@require_POST
def hold_create(request):
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写冻结理由。"))
        return redirect("archive:disposals")
    data = form.cleaned_data
    record = ArchiveRecord.objects.filter(pk=data["record"]).first() if data["record"] else None
    dossier = Dossier.objects.filter(pk=data["dossier"]).first() if data["dossier"] else None
    response, _exc = attempt(
        request,
        "archive:disposals",
        lambda: services.place_hold(request.user, reason=data["reason"], record=record, dossier=dossier),
        _("已冻结。"),
    )
    return response


@login_required
@require_POST
def hold_release(request, pk):
    hold = get_object_or_404(Hold, pk=pk)
    response, _exc = attempt(
        request, "archive:disposals", lambda: services.release_hold(request.user, hold), _("已解除冻结。")
    )
    return response
