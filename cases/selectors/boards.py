"""The field staff's board, the manager's pipeline and the overdue steps: bounded queries, a constant number of
them whatever the data (the current step is kept on the case row, see cases.services.progress)."""

import datetime

from django.db.models import Avg, Count, F, Min, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cases import conf
from cases.models import Case, Step
from cases.states import CaseStatus, StepStatus
from core.reversing import reverse_ids
from docstore.models import Customer

OPEN = CaseStatus.OPEN


def _with_unit(queryset):
    """What a card shows: the unit, its customers and the ledger's bank."""
    return queryset.select_related("dossier", "dossier__sale", "owner").prefetch_related(
        Prefetch("dossier__customers", queryset=Customer.objects.order_by("position", "id"))
    )


def open_cases_of(user):
    return Case.objects.filter(owner=user, status=OPEN)


def board(owner, *, step: str = "", limit: int | None = None) -> dict:
    """An owner's open cases by current step: each column's count, overdue count and its first cases by due
    date (overdue first). Three queries."""
    limit = limit or conf.board_column_limit()
    today = timezone.localdate()
    base = open_cases_of(owner)
    if step:
        base = base.filter(current_name=step)
    columns = list(
        base.values("current_name")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(current_due__lt=today)),
            order=Min("current_number"),
        )
        .order_by("order", "current_name")
    )
    # the first cases of each column by due date: ids only (index order, no joins), then their cards
    ranked = (
        base.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("current_name")],
                order_by=[F("current_due").asc(nulls_last=True), F("id").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by()  # no Meta ordering: its opened_at would leave the covering index
        .values_list("id", flat=True)
    )
    rows = list(Case.objects.filter(pk__in=list(ranked)).values(*CARD_FIELDS).order_by("current_due", "id"))
    names: dict[int, list[str]] = {}
    for dossier_id, name in (
        Customer.objects.filter(dossier_id__in={r["dossier_id"] for r in rows})
        .order_by("position", "id")
        .values_list("dossier_id", "name")
    ):
        names.setdefault(dossier_id, []).append(name)
    cards: dict[str, list] = {}
    for row in rows:
        cards.setdefault(row["current_name"], []).append(card(row, names, today))
    for column in columns:
        column["cases"] = cards.get(column["current_name"], [])
        column["more"] = column["count"] - len(column["cases"])
    return {
        "columns": columns,
        "total": sum(c["count"] for c in columns),
        "overdue": sum(c["overdue"] for c in columns),
        "today": today,
    }


CARD_FIELDS = ("id", "name", "current_number", "current_name", "current_due", "bank", "dossier_id",
               "dossier__project", "dossier__building", "dossier__unit")  # fmt: skip


def card(row: dict, names: dict, today) -> dict:
    """What the board shows of a case, from plain values (a board shows hundreds of cards: no model
    instances, nothing left for the template to work out)."""
    due = row["current_due"]
    return {
        "url": reverse_ids("cases:step", row["id"], row["current_number"]),
        "project": row["dossier__project"],
        "unit": f"{row['dossier__building']}-{row['dossier__unit']}",
        "customers": "、".join(names.get(row["dossier_id"], ())),
        "name": row["name"],
        "bank": row["bank"],
        "due": due,
        "overdue": due is not None and due < today,
    }


def pipeline(days: int | None = None) -> dict:
    """Open cases per step per bank, average days per step (steps done in the last `days` days), overdue."""
    days = days or conf.pipeline_days()
    today = timezone.localdate()
    rows = list(
        Case.objects.filter(status=OPEN)
        .values("name", "current_number", "current_name", "bank")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(current_due__lt=today)),
        )
        .order_by("name", "current_number", "current_name", "bank")
    )
    banks = sorted({r["bank"] for r in rows})
    table: dict[tuple, dict] = {}
    for r in rows:
        key = (r["name"], r["current_number"], r["current_name"])
        line = table.setdefault(key, {"case": r["name"], "number": r["current_number"],
                                      "step": r["current_name"], "by_bank": dict.fromkeys(banks, 0),
                                      "count": 0, "overdue": 0})  # fmt: skip
        line["by_bank"][r["bank"]] += r["count"]
        line["count"] += r["count"]
        line["overdue"] += r["overdue"]
    for line in table.values():
        line["cells"] = [line["by_bank"][b] for b in banks]
    since = timezone.now() - datetime.timedelta(days=days)
    averages = list(
        Step.objects.filter(status=StepStatus.DONE, done_at__gte=since)
        .values("name")
        .annotate(average=Avg("duration_days"), done=Count("id"))
        .order_by("name")
    )
    overdue = Case.objects.filter(status=OPEN, current_due__lt=today)
    return {
        "banks": banks,
        "rows": list(table.values()),
        "open": sum(r["count"] for r in rows),
        "averages": [{**a, "average": round(a["average"] or 0, 1)} for a in averages],
        "days": days,
        "overdue_count": overdue.count(),
        "overdue": list(_with_unit(overdue).order_by("current_due", "id")[: conf.overdue_list_limit()]),
        "today": today,
    }


def overdue_cases(user=None):
    """Open cases whose current step is past its due date (the owner's, or everyone's), oldest first."""
    qs = Case.objects.filter(status=OPEN, current_due__lt=timezone.localdate())
    if user is not None:
        qs = qs.filter(owner=user)
    return qs.select_related("dossier", "owner").order_by("current_due", "id")


def due_soon_cases(user, days: int = 2):
    today = timezone.localdate()
    return (
        open_cases_of(user)
        .filter(current_due__gte=today, current_due__lte=today + datetime.timedelta(days=days))
        .select_related("dossier")
        .order_by("current_due", "id")
    )
