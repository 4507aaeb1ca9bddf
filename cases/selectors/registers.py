"""The monthly registers and the daily ledger: the 按揭放款情况登记表, the 回款计划表 and the 客户台账.

Each is a few aggregate or joined queries over the case rows (dates of the milestones are kept on the case
when its steps are done), so that a month over tens of thousands of cases stays well under two seconds.
"""

import calendar
import datetime

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseKind, Payment, PaymentMethod, Sale, Step
from cases.states import CaseStatus, StepStatus
from core.errors import InvalidInput
from docstore.models import Customer

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(0, output_field=MONEY)


def parse_month(value: str | None) -> datetime.date:
    """ "YYYY-MM" (this month when empty) as its first day; InvalidInput otherwise."""
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        year, month = (int(part) for part in str(value).split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        raise InvalidInput(_("月份格式应为 YYYY-MM。"), code="bad_month") from None


def month_end(start: datetime.date) -> datetime.date:
    """The first day of the next month."""
    return start + datetime.timedelta(days=calendar.monthrange(start.year, start.month)[1])


def _customers():
    return Prefetch("dossier__customers", queryset=Customer.objects.order_by("position", "id"))


def received(kind=None, before=None):
    """The net amount paid for the row's dossier (reversals included), as a subquery."""
    payments = Payment.objects.filter(dossier=OuterRef("dossier_id"))
    if kind:
        payments = payments.filter(kind=kind)
    if before:
        payments = payments.filter(date__lt=before)
    total = payments.order_by().values("dossier").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def loan_release_rows(start: datetime.date):
    """The mortgage cases the month saw: opened in it, or with one of the register's dates (面签, 审批, 抵押,
    放款, 通知财务) recorded in it; cancelled cases left out."""
    end = month_end(start)
    start_at, end_at = _aware(start), _aware(end)
    dated = (
        Step.objects.filter(status=StepStatus.DONE, done_at__gte=start_at, done_at__lt=end_at)
        .exclude(milestone="")
        .values("case_id")
    )
    return (
        Case.objects.filter(kind=CaseKind.MORTGAGE)
        .exclude(status=CaseStatus.CANCELLED)
        .filter(
            Q(pk__in=dated)
            | Q(opened_at__gte=start_at, opened_at__lt=end_at)
            | Q(released_on__gte=start, released_on__lt=end)
        )
        .annotate(received=received(Payment.Kind.LOAN_RELEASE, end))
        .order_by("dossier__project", "dossier__building", "dossier__unit", "id")
    )


def customer_names(dossier_ids) -> dict[int, str]:
    """{dossier id: "name、name"} in one query (the registers hold thousands of rows: no model instances)."""
    names: dict[int, list[str]] = {}
    for dossier_id, name in (
        Customer.objects.filter(dossier_id__in=set(dossier_ids))
        .order_by("position", "id")
        .values_list("dossier_id", "name")
    ):
        names.setdefault(dossier_id, []).append(name)
    return {k: "、".join(v) for k, v in names.items()}


REGISTER_FIELDS = ("id", "dossier_id", "name", "bank", "current_name", "milestones", "received", "dossier__project",
                   "dossier__building", "dossier__unit", "dossier__sale__payment_method", "dossier__sale__loan_amount",
                   "dossier__sale__loan_years")  # fmt: skip
LOAN_METHODS = (PaymentMethod.COMMERCIAL, PaymentMethod.PROVIDENT, PaymentMethod.COMBINED)


def loan_release_register(start: datetime.date) -> list[dict]:
    """One row per case in the register's columns (the same for the page, the API and the XLSX)."""
    cases = list(loan_release_rows(start).values(*REGISTER_FIELDS))
    names = customer_names(c["dossier_id"] for c in cases)
    rows = []
    for case in cases:
        dates = case["milestones"] or {}
        method = case["dossier__sale__payment_method"]
        rows.append(
            {
                "case": case["id"],
                "dossier": case["dossier_id"],
                "unit": f"{case['dossier__building']}-{case['dossier__unit']}",
                "project": case["dossier__project"],
                "customer": names.get(case["dossier_id"], ""),
                "bank": case["bank"],
                "loan_type": str(PaymentMethod(method).label) if method in LOAN_METHODS else case["name"],
                "amount": case["dossier__sale__loan_amount"],
                "years": case["dossier__sale__loan_years"],
                "signing": dates.get("signing"),
                "approval": dates.get("approval"),
                "mortgage": dates.get("mortgage"),
                "release": dates.get("release"),
                "received": case["received"],
                "reported": dates.get("reported"),
                "step": case["current_name"],
            }
        )
    return rows


def collection_plan(start: datetime.date) -> dict:
    """Expected releases of the month (open mortgage cases expected then, by current step and bank) against
    the actual releases (loan-release payments dated in the month, by bank). The current month also counts
    the cases whose expected date has passed without a release."""
    end = month_end(start)
    amount = Coalesce(Sum("dossier__sale__loan_amount"), ZERO)
    waiting = Case.objects.filter(status=CaseStatus.OPEN, kind=CaseKind.MORTGAGE, released_on__isnull=True)
    expected = list(
        waiting.filter(expected_release__gte=start, expected_release__lt=end)
        .values("current_number", "current_name", "bank")
        .annotate(cases=Count("id"), amount=amount)
        .order_by("current_number", "current_name", "bank")
    )
    late = {"cases": 0, "amount": 0}
    if start == timezone.localdate().replace(day=1):
        late = waiting.filter(expected_release__lt=start).aggregate(cases=Count("id"), amount=amount)
    actual = list(
        Payment.objects.filter(kind=Payment.Kind.LOAN_RELEASE, date__gte=start, date__lt=end)
        .values("bank")
        .annotate(payments=Count("id"), amount=Sum("amount"))
        .order_by("bank")
    )
    by_bank: dict[str, dict] = {}
    for row in expected:
        line = by_bank.setdefault(row["bank"], {"bank": row["bank"], "expected_cases": 0, "expected_amount": 0,
                                                "actual_payments": 0, "actual_amount": 0})  # fmt: skip
        line["expected_cases"] += row["cases"]
        line["expected_amount"] += row["amount"]
    for row in actual:
        line = by_bank.setdefault(row["bank"], {"bank": row["bank"], "expected_cases": 0, "expected_amount": 0,
                                                "actual_payments": 0, "actual_amount": 0})  # fmt: skip
        line["actual_payments"] += row["payments"]
        line["actual_amount"] += row["amount"]
    return {
        "month": start.strftime("%Y-%m"),
        "expected": [
            {
                "step": r["current_name"],
                "number": r["current_number"],
                "bank": r["bank"],
                "cases": r["cases"],
                "amount": r["amount"],
            }
            for r in expected
        ],  # fmt: skip
        "late": {"cases": late["cases"] or 0, "amount": late["amount"] or 0},
        "actual": actual,
        "by_bank": sorted(by_bank.values(), key=lambda r: r["bank"]),
        "expected_total": sum(r["amount"] for r in expected),
        "actual_total": sum(r["amount"] for r in actual),
    }


LEDGER_FIELDS = ("dossier_id", "dossier__project", "dossier__building", "dossier__unit", *Sale.LEDGER_FIELDS,
                 "received", "progress")  # fmt: skip


def ledger_rows(queryset):
    """The ledger's rows as plain values with the customers' names (the XLSX of every unit)."""
    rows = list(queryset.values(*LEDGER_FIELDS))
    names = customer_names(r["dossier_id"] for r in rows)
    for row in rows:
        row["customers"] = names.get(row["dossier_id"], "")
        row["payment_method_label"] = (
            str(PaymentMethod(row["payment_method"]).label) if row["payment_method"] else ""
        )
    return rows


def ledger():
    """The clerk's daily customer ledger: one row per unit with a ledger entry, newest signing first."""
    mortgage = Case.objects.filter(
        dossier=OuterRef("dossier_id"), kind=CaseKind.MORTGAGE, status=CaseStatus.OPEN
    ).values("current_name")[:1]
    return (
        Sale.objects.select_related("dossier")
        .prefetch_related(_customers())
        .annotate(received=received(), progress=Subquery(mortgage))
        .order_by(
            F("signed_on").desc(nulls_last=True), "dossier__project", "dossier__building", "dossier__unit"
        )
    )
