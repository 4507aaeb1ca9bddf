"""Reads of the seals app: lists with their joins, the register, counts for the navigation."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.roles import MANAGER, has_role
from seals import states
from seals.models import Impression, Seal, SealLoan, SealRequest, SealRequestItem

RS = states.RequestStatus


def referenced_blobs(candidates=None) -> set[str]:
    """The sha256 of every seal image kept in the blob store (of `candidates` when given)."""
    seals = Seal.objects.exclude(image_sha256="")
    if candidates is not None:
        seals = seals.filter(image_sha256__in=list(candidates))
    return set(seals.values_list("image_sha256", flat=True))


def nav_counts(user) -> dict:
    """Requests waiting for this manager's decision (never their own)."""
    if not has_role(user, MANAGER):
        return {}
    return {"seal_queue": approval_queue(user).count()}


def seal_list():
    return (
        Seal.objects.select_related("custodian")
        .annotate(out=Count("loans", filter=Q(loans__status=states.LoanStatus.OUT)))
        .order_by("company", "kind", "name", "id")
    )


def request_list():
    return (
        SealRequest.objects.select_related("requester", "decided_by", "dossier")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-created_at", "-id")
    )


def approval_queue(user):
    return (
        SealRequest.objects.filter(status=RS.SUBMITTED)
        .exclude(requester=user)
        .select_related("requester", "dossier")
        .order_by("submitted_at", "id")
    )


def items_of(requests):
    """Items of these requests with what the pages show, in one query."""
    return SealRequestItem.objects.filter(request__in=requests).select_related(
        "seal", "seal__custodian", "version", "version__document"
    )


def request_detail(pk):
    return SealRequest.objects.select_related("requester", "decided_by", "dossier", "form_document").get(
        pk=pk
    )


def register():
    return Impression.objects.select_related(
        "seal", "document", "dossier", "request", "requester", "approver", "recorded_by", "result_version"
    )


def monthly_totals(queryset=None, *, limit_months: int = 24) -> list[dict]:
    """Impressions per seal and month: [{month, seal_id, seal, total}] newest month first."""
    queryset = register() if queryset is None else queryset
    rows = (
        queryset.annotate(month=TruncMonth("made_on"))
        .values("month", "seal_id", "seal__name")
        .annotate(total=Sum("count"))
        .order_by("-month", "seal__name")
    )
    return [
        {
            "month": r["month"].strftime("%Y-%m") if r["month"] else "",
            "seal_id": r["seal_id"],
            "seal": r["seal__name"],
            "total": r["total"],
        }
        for r in rows[: limit_months * 20]
    ]


def loan_list():
    return SealLoan.objects.select_related("seal", "seal__custodian", "borrower", "decided_by", "returned_to")


def overdue_loans(user=None):
    """Seals out past their due time; the manager sees all, a custodian the seals they keep."""
    qs = loan_list().filter(status=states.LoanStatus.OUT, due_at__lt=timezone.now()).order_by("due_at")
    if user is not None and not has_role(user, MANAGER):
        qs = qs.filter(Q(seal__custodian=user) | Q(borrower=user))
    return qs


def anomalies():
    return register().filter(anomaly=True)
