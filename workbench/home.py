"""What each role's home page lists (read-only queries over the other apps' models).

A person with several roles sees the union of their sections, each section once. Every list is a bounded
query with its joins, so the page costs a constant number of queries whatever the data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER, roles_of
from archive.models import ArchiveRecord, Filing, Letter, Movement, Original
from docstore.models import CheckOut, Document, Version
from seals import states as seal_states
from seals.models import Impression, SealLoan, SealRequest
from workbench import conf
from workbench.links import url_or_none

LIMIT = 10

# Section keys per role, in the order they appear; a person with several roles gets the union in this order.
ROLE_SECTIONS = {
    MANAGER: ["approval_queue", "anomalies", "month_seal_use"],
    FIELD_STAFF: ["my_requests", "my_originals"],
    CLERK: ["to_file", "originals_overdue", "filings_open", "letters_due", "today"],
}
ORDER = ["approval_queue", "anomalies", "month_seal_use", "my_requests", "my_originals", "to_file",
         "originals_overdue", "filings_open", "letters_due", "today"]  # fmt: skip


def sections_for(user) -> list[str]:
    mine = roles_of(user)
    if ADMIN in mine:
        mine = mine | {MANAGER}
    wanted: set[str] = set()
    for role, keys in ROLE_SECTIONS.items():
        if role in mine:
            wanted.update(keys)
    if "anomalies" in wanted:
        wanted.discard("originals_overdue")  # the manager's anomalies already list them
    return [key for key in ORDER if key in wanted]


@dataclass
class Section:
    key: str
    title: str
    items: list = field(default_factory=list)
    count: int = 0
    empty: str = ""
    extra: dict = field(default_factory=dict)


def _today():
    return timezone.localdate()


def _month_start():
    today = _today()
    return today.replace(day=1)


# ---------------------------------------------------------------- clerk


def documents_to_file():
    """Documents in a dossier, not yet archived, whose current version is stamped or whose filing with the
    housing authority came back: the clerk archives these next."""
    returned = Filing.objects.filter(document=OuterRef("pk"), status=Filing.Status.RETURNED)
    archived = ArchiveRecord.objects.filter(document=OuterRef("pk"))
    return (
        Document.objects.filter(parent__isnull=True)
        .filter(Q(current_version__origin=Version.Origin.STAMP) | Exists(returned))
        .exclude(Exists(archived))
        .select_related("dossier", "doc_type", "current_version")
        .order_by("-updated_at", "-id")
    )


def open_checkouts():
    return Movement.objects.filter(kind=Movement.Kind.CHECKOUT, closed_at__isnull=True).select_related(
        "original", "original__document", "original__document__dossier", "holder"
    )


def overdue_originals():
    return open_checkouts().filter(due_date__lt=_today()).order_by("due_date", "id")


def filings_not_returned():
    cutoff = timezone.now() - datetime.timedelta(days=conf.filing_not_returned_days())
    return (
        Filing.objects.filter(
            status__in=[Filing.Status.SUBMITTED, Filing.Status.ACCEPTED], submitted_at__lt=cutoff
        )
        .select_related("document", "document__dossier", "submitted_by")
        .order_by("submitted_at", "id")
    )


def letters_due():
    """Received letters still open whose reply is due within the reminder window (or overdue)."""
    horizon = _today() + datetime.timedelta(days=conf.letter_due_days_ahead())
    return Letter.objects.filter(
        status=Letter.Status.OPEN, reply_due__isnull=False, reply_due__lte=horizon
    ).order_by("reply_due", "id")


def todays_registrations() -> dict:
    """What was registered today: documents uploaded, letters registered, records filed, originals registered."""
    start = timezone.make_aware(datetime.datetime.combine(_today(), datetime.time.min))
    documents = list(
        Document.objects.filter(created_at__gte=start)
        .select_related("dossier", "doc_type")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    counts = {
        "documents": Document.objects.filter(created_at__gte=start).count(),
        "letters": Letter.objects.filter(created_at__gte=start).count(),
        "records": ArchiveRecord.objects.filter(filed_at__gte=start).count(),
        "originals": Original.objects.filter(created_at__gte=start).count(),
    }
    return {"documents": documents, "counts": counts}


# ---------------------------------------------------------------- field staff


def my_requests_by_state(user) -> dict:
    """{status: count} of my seal requests, and my open ones (not closed, rejected or withdrawn)."""
    counts = dict(
        SealRequest.objects.filter(requester=user).values_list("status").annotate(n=Count("id")).order_by()
    )
    finished = [seal_states.RequestStatus.CLOSED, seal_states.RequestStatus.WITHDRAWN]
    open_requests = list(
        SealRequest.objects.filter(requester=user)
        .exclude(status__in=finished)
        .select_related("dossier", "decided_by")
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "-id")[:LIMIT]
    )
    by_state = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in seal_states.RequestStatus.choices
        if counts.get(value)
    ]
    return {"by_state": by_state, "open": open_requests, "total": sum(counts.values())}


def my_originals(user):
    return open_checkouts().filter(holder=user).order_by("due_date", "id")


# ---------------------------------------------------------------- manager


def approval_queue(user):
    return (
        SealRequest.objects.filter(status=seal_states.RequestStatus.SUBMITTED)
        .exclude(requester=user)
        .select_related("requester", "dossier")
        .annotate(item_count=Count("items"))
        .order_by("submitted_at", "id")
    )


def anomalies() -> dict:
    since = timezone.now() - datetime.timedelta(days=conf.anomaly_days())
    return {
        "impressions": list(
            Impression.objects.filter(anomaly=True, created_at__gte=since)
            .select_related("seal", "document", "request", "recorded_by")
            .order_by("-made_on", "-id")[:LIMIT]
        ),
        "seals_overdue": list(
            SealLoan.objects.filter(status=seal_states.LoanStatus.OUT, due_at__lt=timezone.now())
            .select_related("seal", "borrower")
            .order_by("due_at", "id")[:LIMIT]
        ),
        "originals_overdue": list(overdue_originals()[:LIMIT]),
        "forced": list(
            CheckOut.objects.filter(release_reason=CheckOut.Release.FORCED, released_at__gte=since)
            .select_related("document", "holder", "released_by")
            .order_by("-released_at", "-id")[:LIMIT]
        ),
    }


def month_seal_use() -> list[dict]:
    rows = (
        Impression.objects.filter(made_on__gte=_month_start())
        .values("seal_id", "seal__name")
        .annotate(total=Sum("count"))
        .order_by("-total", "seal__name")
    )
    return [{"seal_id": r["seal_id"], "seal": r["seal__name"], "total": r["total"]} for r in rows]


# ---------------------------------------------------------------- assembly


def build(user) -> list[Section]:
    out = []
    for key in sections_for(user):
        out.append(_BUILDERS[key](user))
    return out


def _approval_queue(user):
    items = list(approval_queue(user)[:LIMIT])
    return Section("approval_queue", _("待我审批的用章申请"), items, approval_queue(user).count(),
                   _("没有等待审批的用章申请。"))  # fmt: skip


def _anomalies(user):
    data = anomalies()
    count = sum(len(v) for v in data.values())
    return Section("anomalies", _("异常"), [], count, _("没有异常。"), data)


def _month_seal_use(user):
    rows = month_seal_use()
    return Section(
        "month_seal_use", _("本月用印"), rows, sum(r["total"] for r in rows), _("本月还没有用印。")
    )


def _my_requests(user):
    data = my_requests_by_state(user)
    return Section(
        "my_requests", _("我的用章申请"), data["open"], data["total"], _("您还没有用章申请。"), data
    )


def _my_originals(user):
    items = list(my_originals(user)[:LIMIT])
    return Section("my_originals", _("我持有的原件"), items, len(items), _("您手上没有借出的原件。"))


def _to_file(user):
    qs = documents_to_file()
    items = list(qs[:LIMIT])
    for document in items:  # straight to the archive's filing form for this document
        document.handle_url = url_or_none("archive:document", document.pk) or url_or_none(
            "docstore:document-detail", document.pk
        )
    return Section("to_file", _("待归档的文档"), items, qs.count(), _("没有待归档的文档。"))


def _originals_overdue(user):
    qs = overdue_originals()
    return Section(
        "originals_overdue", _("借出逾期的原件"), list(qs[:LIMIT]), qs.count(), _("没有逾期未还的原件。")
    )


def _filings_open(user):
    qs = filings_not_returned()
    return Section("filings_open", _("备案未退回"), list(qs[:LIMIT]), qs.count(), _("没有超期未退回的备案。"),
                   {"days": conf.filing_not_returned_days()})  # fmt: skip


def _letters_due(user):
    qs = letters_due()
    return Section("letters_due", _("待回复的联络函"), list(qs[:LIMIT]), qs.count(), _("没有到期待回复的联络函。"),
                   {"today": _today()})  # fmt: skip


def _today_section(user):
    data = todays_registrations()
    return Section("today", _("今日登记"), data["documents"], sum(data["counts"].values()), _("今天还没有登记。"),
                   data["counts"])  # fmt: skip


_BUILDERS = {
    "approval_queue": _approval_queue,
    "anomalies": _anomalies,
    "month_seal_use": _month_seal_use,
    "my_requests": _my_requests,
    "my_originals": _my_originals,
    "to_file": _to_file,
    "originals_overdue": _originals_overdue,
    "filings_open": _filings_open,
    "letters_due": _letters_due,
    "today": _today_section,
}
