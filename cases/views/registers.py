"""The monthly registers and the daily ledger: pages (printable) and their XLSX."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import require_staff
from cases import exports, permissions, selectors
from cases.filters import LedgerFilter
from core.errors import DomainError
from core.web import page_of, query_without


def _month(request) -> datetime.date:
    try:
        return selectors.parse_month(request.GET.get("month"))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return selectors.parse_month(None)


def _months_around(month: datetime.date) -> dict:
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    return {"month": month, "previous": previous, "next": selectors.month_end(month)}


@login_required
@require_GET
def loan_register(request):
    """按揭放款情况登记表: the month's mortgage cases with their dates; ?format=xlsx; prints on A4."""
    require_staff(request.user)
    month = _month(request)
    rows = selectors.loan_release_register(month)
    if request.GET.get("format") == "xlsx":
        return exports.register_xlsx(month, rows)
    return render(request, "cases/loan_register.html", {"rows": rows, **_months_around(month)})


@login_required
@require_GET
def collection_plan(request):
    """回款计划表: the month's expected releases by step and bank against the actual releases."""
    require_staff(request.user)
    month = _month(request)
    plan = selectors.collection_plan(month)
    if request.GET.get("format") == "xlsx":
        return exports.plan_xlsx(plan)
    return render(request, "cases/collection_plan.html", {"plan": plan, **_months_around(month)})


@login_required
@require_GET
def ledger(request):
    """The clerk's daily customer ledger, filterable; ?format=xlsx exports the filtered rows."""
    require_staff(request.user)
    filterset = LedgerFilter(request.GET, queryset=selectors.ledger(), request=request)
    if request.GET.get("format") == "xlsx":
        return exports.ledger_xlsx(filterset.qs)
    return render(
        request,
        "cases/ledger.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs, 50),
            "query": query_without(request, "format"),
            "can_keep": permissions.can_keep_ledger(request.user),
        },
    )
