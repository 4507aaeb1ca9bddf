"""Pages of the seal registry: the seal list and seal page, custody (loans), the register, verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_staff
from core.errors import DomainError
from core.web import page_of, query_without
from docstore.permissions import may_see_id_numbers
from seals import exports, selectors, services, states
from seals.filters import LoanFilter, RegisterFilter, SealFilter
from seals.forms import DecisionForm, LoanForm, SealForm, SealImageForm, SealStatusForm, VerifyForm
from seals.models import Seal, SealLoan
from storage.registry import get_store


@login_required
def seal_list(request):
    require_staff(request.user)
    filterset = SealFilter(request.GET, queryset=selectors.seal_list())
    return render(
        request,
        "seals/seal_list.html",
        {
            "filter": filterset,
            "seals": filterset.qs,
            "can_create": has_role(request.user, MANAGER),
            "overdue": selectors.overdue_loans(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seal_create(request):
    services.registry.require_manager(request.user)
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seal = services.register_seal(
                request.user,
                name=data["name"],
                kind=data["kind"],
                company=data["company"],
                custodian=data["custodian"],
                size_mm=data["size_mm"],
                image=data["image"].read() if data.get("image") else None,
                registered_on=data.get("registered_on"),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("印章已登记。"))
            return redirect(seal)
    return render(request, "seals/seal_form.html", {"form": form})


@login_required
def seal_detail(request, pk):
    require_staff(request.user)
    seal = get_object_or_404(Seal.objects.select_related("custodian", "created_by"), pk=pk)
    is_manager = has_role(request.user, MANAGER)
    # The lifecycle changes the table allows from here, for this user; the first is the usual next step.
    targets = [states.SEAL.transition(a).target for a in states.SEAL.allowed_actions(request.user, seal)]
    return render(
        request,
        "seals/seal_detail.html",
        {
            "seal": seal,
            "history": seal.history.select_related("actor"),
            "loans": selectors.loan_list().filter(seal=seal)[:20],
            "rows": selectors.register().filter(seal=seal)[:50],
            "monthly": selectors.monthly_totals(selectors.register().filter(seal=seal), limit_months=12),
            "is_manager": is_manager,
            "status_form": SealStatusForm(targets=targets, initial={"status": targets[0]})
            if targets
            else None,
            "image_form": SealImageForm(),
            "loan_form": LoanForm(),
            "can_borrow": seal.is_active and has_role(request.user, CLERK, FIELD_STAFF, MANAGER),
        },
    )


@login_required
@require_POST
def seal_status(request, pk):
    seal = get_object_or_404(Seal, pk=pk)
    form = SealStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择新状态。"))
        return redirect(seal)
    data = form.cleaned_data
    try:
        services.change_seal_status(
            request.user,
            seal,
            to_status=data["status"],
            reason=data["reason"],
            effective_on=data.get("effective_on"),
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("印章状态已变更。"))
    return redirect(seal)


@login_required
@require_POST
def seal_image_upload(request, pk):
    seal = get_object_or_404(Seal, pk=pk)
    form = SealImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择印模图片。"))
        return redirect(seal)
    try:
        services.set_seal_image(request.user, seal, form.cleaned_data["image"].read())
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("印模图片已更新。"))
    return redirect(seal)


@login_required
def seal_image(request, pk):
    require_staff(request.user)
    seal = get_object_or_404(Seal, pk=pk)
    if not seal.image_sha256:
        raise Http404
    with get_store().open(seal.image_sha256) as stream:
        data = stream.read()
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def loan_list(request):
    require_staff(request.user)
    filterset = LoanFilter(request.GET, queryset=selectors.loan_list())
    page = page_of(request, filterset.qs)
    page.object_list = states.LOAN.with_actions(request.user, page.object_list)
    return render(
        request,
        "seals/loan_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without(request),
            "overdue": selectors.overdue_loans(request.user),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def loan_create(request, pk):
    seal = get_object_or_404(Seal, pk=pk)
    form = LoanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写外借事由和应还时间。"))
        return redirect(seal)
    data = form.cleaned_data
    try:
        services.request_seal_loan(
            request.user,
            seal,
            purpose=data["purpose"],
            due_at=data["due_at"],
            destination=data["destination"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("外借申请已提交，等待经理审批。"))
    return redirect(seal)


LOAN_ACTIONS = {
    "approve": lambda user, loan, text: services.approve_seal_loan(user, loan, comment=text),
    "reject": lambda user, loan, text: services.reject_seal_loan(user, loan, reason=text),
    "return": lambda user, loan, text: services.return_seal(user, loan, note=text),
}


@login_required
@require_POST
def loan_action(request, pk, action):
    if action not in LOAN_ACTIONS:
        raise Http404
    loan = get_object_or_404(SealLoan.objects.select_related("seal"), pk=pk)
    form = DecisionForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        LOAN_ACTIONS[action](request.user, loan, text)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("已处理。"))
    return redirect("seals:loan-list")


@login_required
def register(request):
    require_staff(request.user)
    filterset = RegisterFilter(request.GET, queryset=selectors.register())
    fmt = request.GET.get("format")
    masked = not may_see_id_numbers(request.user)  # a purpose may carry a customer's ID number
    if fmt == "csv":
        return exports.csv_response(filterset.qs, mask_ids=masked)
    if fmt == "xlsx":
        return exports.xlsx_response(filterset.qs, selectors.monthly_totals(filterset.qs), mask_ids=masked)
    return render(
        request,
        "seals/register.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs, 50),
            "query": query_without(request, "format"),
            "monthly": selectors.monthly_totals(filterset.qs, limit_months=12),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone logged in may check a PDF."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.verify_file(request.user, form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", str(exc.detail))
            status = exc.status
    return render(
        request, "seals/verify.html", {"form": form, "result": result, "states": states}, status=status
    )
