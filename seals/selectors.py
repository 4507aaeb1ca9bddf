"""Reads of the seals app: lists with their joins, the register, counts for the navigation."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, Sum
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


# ---- who may read a seal request: the one place of the rule; every read of requests goes through it

# Still its requester's own work: being written, being changed after the manager returned it, or taken back.
PRIVATE_STATES = (RS.DRAFT, RS.RETURNED, RS.WITHDRAWN)


def _visible(user, prefix: str = "") -> Q:
    """Requests `user` may read (fields under `prefix`): all for a manager; else their own and the shared ones."""
    # Nobody sees any without logging in (the API schema generator asks as an anonymous user).
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if has_role(user, MANAGER):
        return Q()
    return Q(**{f"{prefix}requester": user}) | ~Q(**{f"{prefix}status__in": PRIVATE_STATES})


def visible_requests(user):
    """The seal requests `user` may see. A private request (PRIVATE_STATES) is seen only by its requester and
    the managers; to anyone else it does not exist, so the pages and the API answer 404, not 403."""
    return SealRequest.objects.filter(_visible(user))


def visible_items(user):
    """Items of the requests `user` may see."""
    return SealRequestItem.objects.filter(_visible(user, "request__"))


def with_items(requests):
    """These requests with their items and what the pages and the API show of them, prefetched."""
    items = SealRequestItem.objects.select_related("seal", "version", "version__document")
    return requests.prefetch_related(Prefetch("items", queryset=items))


def request_list(user):
    return (
        visible_requests(user)
        .select_related("requester", "decided_by", "dossier")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-created_at", "-id")
    )


def approvers_of(req):
    """Who decides this request, and is told when it is submitted: today every active manager but the
    requester (nobody approves their own). The approval routing replaces this function."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MANAGER)
        .exclude(pk=req.requester_id)
        .distinct()
        .order_by("pk")
    )


def approval_queue(user):
    return (
        visible_requests(user)
        .filter(status=RS.SUBMITTED)
        .exclude(requester=user)
        .select_related("requester", "dossier")
        .annotate(item_count=Count("items"))
        .order_by("submitted_at", "id")
    )


def request_detail(user):
    """The queryset one request page or action is looked up in (404 for what `user` may not see)."""
    return visible_requests(user).select_related("requester", "decided_by", "dossier", "form_document")


def register():
    return Impression.objects.select_related(
        "seal__custodian",
        "item",
        "document",
        "dossier",
        "request",
        "requester",
        "approver",
        "recorded_by",
        "result_version",
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


# ---- reads the workbench composes


def request_counts_by_state(requester) -> dict[str, int]:
    """{status: number} of this person's seal requests, in one query."""
    return dict(
        visible_requests(requester)
        .filter(requester=requester)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )


def open_requests_of(requester):
    """This person's requests not yet closed or withdrawn, newest first."""
    return (
        visible_requests(requester)
        .filter(requester=requester)
        .exclude(status__in=[RS.CLOSED, RS.WITHDRAWN])
        .select_related("dossier", "decided_by")
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "-id")
    )


def anomalies_since(since):
    """Register rows past the approved impressions, recorded since `since`, newest first."""
    return anomalies().filter(created_at__gte=since).order_by("-made_on", "-id")


def seal_use_since(start) -> list[dict]:
    """Impressions per seal made on or after `start`, most used first: [{seal_id, seal, total}]."""
    rows = (
        Impression.objects.filter(made_on__gte=start)
        .values("seal_id", "seal__name")
        .annotate(total=Sum("count"))
        .order_by("-total", "seal__name")
    )
    return [{"seal_id": r["seal_id"], "seal": r["seal__name"], "total": r["total"]} for r in rows]


def monthly_use_since(start) -> list[dict]:
    """Impressions per seal and month made on or after `start`: monthly_totals' rows."""
    return monthly_totals(register().filter(made_on__gte=start))


def dossier_objects(dossier, user) -> dict[str, set]:
    """Audit object keys (object_type -> ids) of the seal requests for this dossier or its documents that
    `user` may see."""
    on_documents = SealRequestItem.objects.filter(version__document__dossier=dossier).values("request_id")
    ids = (
        visible_requests(user)
        .filter(Q(dossier=dossier) | Q(pk__in=on_documents))
        .values_list("pk", flat=True)
    )
    return {SealRequest._meta.label_lower: set(ids)}


def find_seals(q: str, limit: int):
    """Seals whose name or company contains `q`."""
    return Seal.objects.filter(Q(name__icontains=q) | Q(company__icontains=q)).order_by("name")[:limit]


def active_seal_sizes() -> dict[str, float]:
    """{seal id: size in mm} of the seals in use (the placement widget draws them to scale)."""
    sizes = Seal.objects.filter(status=states.SealStatus.ACTIVE).values_list("pk", "size_mm")
    return {str(pk): float(size) for pk, size in sizes}


def document_seal_use(user, document) -> dict:
    """What the viewer's side panel says of a document's seals: the requests on any of its versions that `user`
    may see (newest first) and the impressions in the register."""
    items = (
        visible_items(user)
        .filter(version__document=document)
        .select_related("request", "seal", "version")
        .order_by("-request__created_at", "-pk")[:20]
    )
    impressions = register().filter(document=document).order_by("-made_on", "-pk")[:20]
    return {"items": list(items), "impressions": list(impressions)}
