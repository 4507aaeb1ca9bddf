"""Reads of the seals app: lists with their joins, the register, counts for the navigation."""

import datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.roles import ADMIN, MANAGER, MARKETING_DIRECTOR, has_role, roles_of
from seals import states
from seals.models import (
    ApprovalRule,
    ApprovalStep,
    Impression,
    Seal,
    SealLoan,
    SealRequest,
    SealRequestItem,
    StampEvidence,
)

RS = states.RequestStatus


def referenced_blobs(candidates=None) -> set[str]:
    """The sha256 of every seal image kept in the blob store (of `candidates` when given)."""
    seals = Seal.objects.exclude(image_sha256="")
    if candidates is not None:
        seals = seals.filter(image_sha256__in=list(candidates))
    return set(seals.values_list("image_sha256", flat=True))


# The roles that approve seal use by default (the seeded rules); anyone else approves when a rule names them.
APPROVER_ROLES = (MANAGER, MARKETING_DIRECTOR)


def _covered_roles(user):
    """The roles of the people away for whom `user` is deputy, as a subquery."""
    return (
        get_user_model()
        .objects.filter(away=True, deputy=user, is_active=True)
        .exclude(groups=None)
        .values("groups__name")
    )


def is_approver(user) -> bool:
    """Whether `user` has an approval queue: an approving role, or a pending seat of a submitted request that
    names them personally (`user:…` in a rule), or covers someone away whose deputy they are. The one test of
    who sees the queue tab, the navigation count and the home page's section."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, *APPROVER_ROLES):
        return True
    # Asked on every page of everyone who is not an approver: written out, since building the same query
    # through the ORM (a join, an OR over a subquery) cost ~2 ms of the page's CPU, more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            _pending_seat_sql(),
            {"me": user.pk, "pending": ApprovalStep.Decision.PENDING, "submitted": RS.SUBMITTED},
        )
        return cursor.fetchone() is not None


@cache
def _pending_seat_sql() -> str:
    """A pending seat of a submitted request's current round for user %(me)s: named for them, for someone away
    whose deputy they are, or for a role of such a person (what approval_queue() selects, as one EXISTS)."""
    User = get_user_model()
    step, request = ApprovalStep._meta.db_table, SealRequest._meta.db_table
    user, member = User._meta.db_table, User.groups.through._meta.db_table
    group = User.groups.field.related_model._meta.db_table
    return f"""
        SELECT 1 FROM {step} s JOIN {request} r ON r.id = s.request_id
        WHERE s.decision = %(pending)s AND r.status = %(submitted)s AND s.round = r.round AND (
            s.user_id = %(me)s
            OR s.user_id IN (SELECT id FROM {user} WHERE away AND deputy_id = %(me)s)
            OR s.group_name IN (
                SELECT g.name FROM {user} a JOIN {member} m ON m.user_id = a.id JOIN {group} g ON g.id = m.group_id
                WHERE a.away AND a.deputy_id = %(me)s AND a.is_active))
        LIMIT 1"""


def nav_counts(user) -> dict:
    """Every decision waiting for this approver (never their own): requests whose current step waits for
    them, and (managers) seal loans."""
    if not is_approver(user):
        return {}
    return {"seal_queue": approval_queue(user).count() + loans_to_decide(user).count()}


def loans_to_decide(user):
    """Seal-loan requests waiting for this manager's decision (never their own), oldest first."""
    if not has_role(user, MANAGER):
        return SealLoan.objects.none()
    return (
        loan_list()
        .filter(status=states.LoanStatus.REQUESTED)
        .exclude(borrower=user)
        .order_by("requested_at", "id")
    )


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
    items = SealRequestItem.objects.select_related("seal", "seal__custodian", "version", "version__document")
    steps = ApprovalStep.objects.select_related("user", "decided_by", "on_behalf_of")
    return requests.prefetch_related(Prefetch("items", queryset=items), Prefetch("steps", queryset=steps))


def request_list(user):
    return (
        visible_requests(user)
        .select_related("requester", "decided_by", "dossier")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-created_at", "-id")
    )


def deciding_now(user) -> Q:
    """Requests whose current step `user` may decide (routing): a seat of theirs, of their role, or of someone
    away whose deputy they are; never their own request, nor one where they already decided a seat."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    groups = [role for role in roles_of(user) if role != ADMIN]
    covered = _covered_roles(user)
    seat = Q(user=user) | Q(group_name__in=groups) | Q(user__away=True, user__deputy=user)
    seat |= Q(group_name__in=covered)
    waiting = ApprovalStep.objects.filter(
        seat,
        request=OuterRef("pk"),
        round=OuterRef("round"),
        order=OuterRef("current_step"),
        decision=ApprovalStep.Decision.PENDING,
    )
    decided = ApprovalStep.objects.filter(request=OuterRef("pk"), round=OuterRef("round"), decided_by=user)
    return Q(Exists(waiting)) & ~Q(Exists(decided)) & ~Q(requester=user)


def steps_of(req):
    """A request's approval steps, every submission, with who decided and for whom."""
    return req.steps.select_related("user", "decided_by", "on_behalf_of").order_by("round", "order", "id")


def rule_list():
    return ApprovalRule.objects.select_related("doc_type", "updated_by").order_by("position", "id")


def approval_queue(user):
    return (
        visible_requests(user)
        .filter(deciding_now(user), status=RS.SUBMITTED)
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
        "custodian",
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


# ---- evidence of paper stamping


def evidence_of(item_id: int):
    """An item's evidence, newest first."""
    return StampEvidence.objects.filter(item_id=item_id).select_related(
        "version", "uploaded_by", "accepted_by"
    )


def evidence_mismatches():
    """Evidence that does not match its approved version and that no manager has accepted yet, newest first."""
    return (
        StampEvidence.objects.filter(status=states.EvidenceStatus.MISMATCH)
        .select_related("item__seal", "item__version__document", "item__request__requester", "version")
        .order_by("-created_at", "-id")
    )


def evidence_overdue(days: int):
    """Physical items approved more than `days` days ago with no evidence yet, oldest approval first.
    A request closed without any impression made needs none."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        SealRequestItem.objects.filter(
            mode=SealRequestItem.Mode.PHYSICAL,
            request__status__in=[*states.USING, RS.CLOSED],
            request__decided_at__lte=cutoff,
            evidence__isnull=True,
        )
        .exclude(request__status=RS.CLOSED, used=0)
        .select_related("seal", "version__document", "request__requester")
        .order_by("request__decided_at", "id")
    )


def pick_seals(q: str, limit: int, *, active_only: bool = False):
    """The seal picker: by name or company, those in use first when all are asked for."""
    seals = Seal.objects.all()
    if active_only:
        seals = seals.filter(status=states.SealStatus.ACTIVE)
    if q:
        seals = seals.filter(Q(name__icontains=q) | Q(company__icontains=q))
    return list(seals.order_by("kind", "name", "id")[:limit])


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
