"""The field staff's board, the list of all cases and the manager's pipeline: thin, reads from selectors."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.roles import ADMIN, MANAGER, require_role, require_staff
from cases import permissions, selectors
from cases.filters import CaseFilter
from core.web import page_of, query_without


@login_required
@require_GET
def board(request):
    """My open cases by current step; the manager may look at anyone's (?owner=username)."""
    require_staff(request.user)
    owner = request.user
    wanted = request.GET.get("owner", "").strip()
    if wanted and wanted != request.user.username and permissions.is_manager(request.user):
        owner = get_object_or_404(get_user_model(), username=wanted)
    step = request.GET.get("step", "").strip()[:60]
    data = selectors.board(owner, step=step)
    return render(
        request,
        "cases/board.html",
        {**data, "owner": owner, "step": step, "is_manager": permissions.is_manager(request.user)},
    )


@login_required
@require_GET
def case_list(request):
    require_staff(request.user)
    filterset = CaseFilter(request.GET, queryset=selectors.case_list(), request=request)
    return render(
        request,
        "cases/case_list.html",
        {"filter": filterset, "page": page_of(request, filterset.qs, 50), "query": query_without(request)},
    )


@login_required
@require_GET
def pipeline(request):
    require_role(request.user, MANAGER, ADMIN)
    return render(request, "cases/pipeline.html", selectors.pipeline())
