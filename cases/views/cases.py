"""Opening a case or an application, the case page, the step page and the step's and case's transitions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import require_staff
from cases import permissions, selectors, services, states
from cases.forms import ApplicationForm, CompleteStepForm, MoveForm, OpenCaseForm, ReasonForm
from cases.models import CaseKind
from cases.views.common import attempt, dossier_by_unit
from core.errors import DomainError
from core.filters import MAX_ID
from docstore.models import Dossier


def _dossier_from(request) -> Dossier:
    try:
        pk = int(request.GET.get("dossier") or request.POST.get("dossier") or 0)
    except ValueError:
        pk = 0
    if not 1 <= pk <= MAX_ID:
        raise Http404
    return get_object_or_404(Dossier, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request):
    require_staff(request.user)
    dossier = _dossier_from(request)
    manager = permissions.is_manager(request.user)
    form = OpenCaseForm(request.POST or None, manager=manager)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = get_user_model().objects.filter(pk=data["owner"]).first() if data.get("owner") else None
        try:
            case = services.open_case(request.user, dossier, data["template"], owner=owner)
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("已开办“%(name)s”。") % {"name": case.name})
            return redirect(case)
    return render(request, "cases/open.html", {"form": form, "dossier": dossier})


@login_required
@require_http_methods(["GET", "POST"])
def new_application(request):
    require_staff(request.user)
    dossier = _dossier_from(request)
    form = ApplicationForm(request.POST or None, request.FILES or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        scan = form.cleaned_data["scan"]
        try:
            case = services.submit_application(
                request.user,
                dossier,
                form.cleaned_data["template"],
                scan=scan,
                filename=scan.name,
                details=form.details(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("申请已登记，等待客服部经理审批。"))
            return redirect(case)
    return render(request, "cases/application_form.html", {"form": form, "dossier": dossier})


@login_required
def case_detail(request, pk):
    require_staff(request.user)
    case = selectors.case_or_404(pk)
    steps = selectors.steps_with_missing(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "steps": steps,
            "actions": states.CASE.allowed_actions(request.user, case, among=["cancel", "move"]),
            "moves": case.moves.select_related("from_dossier", "to_dossier", "moved_by").order_by("moved_at"),
            "is_application": case.kind == CaseKind.APPLICATION,
            "cancel_form": ReasonForm(),
            "move_form": MoveForm(),
        },
    )


@login_required
def step_detail(request, pk, number):
    """One tap from the board: what is there, what is missing, where the originals are, what to do."""
    require_staff(request.user)
    case = selectors.case_or_404(pk)
    step = selectors.step_or_404(case, number)
    open_case_ = case.status == states.CaseStatus.OPEN
    actions = states.STEP.allowed_actions(request.user, step) if open_case_ else []
    return render(
        request,
        "cases/step_detail.html",
        {
            "case": case,
            "step": step,
            **selectors.step_page(case, step),
            "actions": actions,
            "form": CompleteStepForm(step=step) if "complete" in actions else None,
            "skip_form": ReasonForm() if "skip" in actions else None,
        },
    )


def _step(pk, number):
    case = selectors.case_or_404(pk)
    return case, selectors.step_or_404(case, number)


@login_required
@require_POST
def complete(request, pk, number):
    require_staff(request.user)
    case, step = _step(pk, number)
    form = CompleteStepForm(request.POST, step=step)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{e[0]}" if k in form.fields else e[0]
                                         for k, e in form.errors.items()))  # fmt: skip
        return redirect(step)
    response, done = attempt(
        request,
        step,
        lambda: services.complete_step(
            request.user, step, data=form.data_for_service(), note=form.cleaned_data.get("note", "")
        ),
        _("第 %(n)s 步“%(name)s”已完成。") % {"n": step.number, "name": step.name},
    )
    return redirect(case) if done else response


@login_required
@require_POST
def skip(request, pk, number):
    require_staff(request.user)
    case, step = _step(pk, number)
    response, done = attempt(
        request,
        step,
        lambda: services.skip_step(request.user, step, reason=request.POST.get("reason", "")),
        _("已跳过第 %(n)s 步。") % {"n": step.number},
    )
    return redirect(case) if done else response


@login_required
@require_POST
def request_seal(request, pk, number):
    """The seal request is made from the step, then checked and submitted on its own page."""
    require_staff(request.user)
    case, step = _step(pk, number)
    response, req = attempt(
        request,
        step,
        lambda: services.request_seal(request.user, step),
        _("已按此步生成用章申请，请核对后提交审批。"),
    )
    return redirect(req) if req else response


@login_required
@require_POST
def cancel(request, pk):
    require_staff(request.user)
    case = selectors.case_or_404(pk)
    response, _done = attempt(
        request,
        case,
        lambda: services.cancel_case(request.user, case, reason=request.POST.get("reason", "")),
        _("业务已撤销。"),
    )
    return response


@login_required
@require_POST
def move(request, pk):
    require_staff(request.user)
    case = selectors.case_or_404(pk)
    target = dossier_by_unit(case.dossier.project, request.POST.get("target_unit", ""))
    if target is None:
        messages.error(request, _("本项目没有这个房号的案卷。"))
        return redirect(case)
    response, _done = attempt(
        request,
        case,
        lambda: services.move_case(request.user, case, target, reason=request.POST.get("reason", "")),
        _("业务已转到 %(unit)s。") % {"unit": target},
    )
    return response
