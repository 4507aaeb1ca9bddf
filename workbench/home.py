"""What each role's home page lists: sections assembled from the owning apps' selectors.

A person with several roles sees the union of their sections, each section once. Every list is a bounded
query with its joins, so the page costs a constant number of queries whatever the data.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR, roles_of
from archive import conf as archive_conf
from archive import selectors as archive_selectors
from cases import conf as case_conf
from cases import selectors as case_selectors
from docstore import selectors as doc_selectors
from seals import conf as seal_conf
from seals import selectors as seal_selectors
from seals import states as seal_states
from workbench import conf

LIMIT = 10

# Section keys per role, in the order they appear; a person with several roles gets the union in this order.
ROLE_SECTIONS = {
    MANAGER: ["approval_queue", "anomalies", "stamp_evidence", "cases_overdue", "month_seal_use"],
    MARKETING_DIRECTOR: ["approval_queue"],
    FIELD_STAFF: ["my_case_steps", "my_requests", "my_originals"],
    CLERK: ["my_case_steps", "to_file", "originals_overdue", "filings_open", "letters_due", "today"],
}
ORDER = ["approval_queue", "anomalies", "stamp_evidence", "cases_overdue", "month_seal_use", "my_case_steps",
         "my_requests", "my_originals", "to_file", "originals_overdue", "filings_open", "letters_due",
         "today"]  # fmt: skip


def sections_for(user) -> list[str]:
    mine = roles_of(user)
    if ADMIN in mine:
        mine = mine | {MANAGER}
    wanted: set[str] = set()
    for role, keys in ROLE_SECTIONS.items():
        if role in mine:
            wanted.update(keys)
    if "approval_queue" not in wanted and seal_selectors.is_approver(user):
        wanted.add("approval_queue")  # named personally in an approval rule, whatever their role
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
    return _today().replace(day=1)


# ---------------------------------------------------------------- reads (each from the app that owns it)


def todays_registrations() -> dict:
    """What was registered today: documents uploaded, letters registered, records filed, originals registered."""
    start = timezone.make_aware(datetime.datetime.combine(_today(), datetime.time.min))
    created = doc_selectors.documents_created_since(start)
    counts = {"documents": created.count(), **archive_selectors.registered_since(start)}
    return {"documents": list(created[:LIMIT]), "counts": counts}


def my_requests_by_state(user) -> dict:
    """{status: count} of my seal requests, and my open ones (not closed or withdrawn)."""
    counts = seal_selectors.request_counts_by_state(user)
    by_state = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in seal_states.RequestStatus.choices
        if counts.get(value)
    ]
    open_requests = list(seal_selectors.open_requests_of(user)[:LIMIT])
    return {"by_state": by_state, "open": open_requests, "total": sum(counts.values())}


def anomalies() -> dict:
    since = timezone.now() - datetime.timedelta(days=conf.anomaly_days())
    return {
        "impressions": list(seal_selectors.anomalies_since(since)[:LIMIT]),
        "seals_overdue": list(seal_selectors.overdue_loans()[:LIMIT]),
        "originals_overdue": list(archive_selectors.overdue_movements()[:LIMIT]),
        "forced": list(doc_selectors.forced_check_ins(since)[:LIMIT]),
    }


# ---------------------------------------------------------------- assembly


def build(user) -> list[Section]:
    out = []
    for key in sections_for(user):
        out.append(_BUILDERS[key](user))
    return out


def _approval_queue(user):
    """Every decision waiting for the manager: seal-use requests, and seal loans (外借) too."""
    queue = seal_selectors.approval_queue(user)
    loans = seal_selectors.loans_to_decide(user)
    disposals = archive_selectors.disposals_to_decide(user)
    count = queue.count() + loans.count() + disposals.count()
    return Section("approval_queue", _("待我审批的用章申请"), list(queue[:LIMIT]), count, _("没有等待审批的用章申请。"),
                   {"loans": list(loans[:LIMIT]), "disposals": list(disposals[:LIMIT])})  # fmt: skip


def _anomalies(user):
    data = anomalies()
    count = sum(len(v) for v in data.values())
    return Section("anomalies", _("异常"), [], count, _("没有异常。"), data)


def _stamp_evidence(user):
    """Paper stamped that does not match what was approved, and paper never shown (seals' evidence)."""
    mismatches = seal_selectors.evidence_mismatches()
    overdue = seal_selectors.evidence_overdue(seal_conf.evidence_due_days())
    extra = {"overdue": list(overdue[:LIMIT]), "days": seal_conf.evidence_due_days()}
    return Section("stamp_evidence", _("用印凭证异常"), list(mismatches[:LIMIT]), mismatches.count() + overdue.count(),
                   _("用印凭证都相符，也没有逾期未交的凭证。"), extra)  # fmt: skip


def _month_seal_use(user):
    rows = seal_selectors.seal_use_since(_month_start())
    return Section(
        "month_seal_use", _("本月用印"), rows, sum(r["total"] for r in rows), _("本月还没有用印。")
    )


def _my_requests(user):
    data = my_requests_by_state(user)
    return Section(
        "my_requests", _("我的用章申请"), data["open"], data["total"], _("您还没有用章申请。"), data
    )


def _my_originals(user):
    items = list(archive_selectors.originals_held_by(user)[:LIMIT])
    return Section("my_originals", _("我持有的原件"), items, len(items), _("您手上没有借出的原件。"))


def _my_case_steps(user):
    overdue = case_selectors.overdue_cases(user)
    late = list(overdue[:LIMIT])
    soon = list(case_selectors.due_soon_cases(user, case_conf.due_soon_days())[: LIMIT - len(late)])
    return Section("my_case_steps", _("我的业务：逾期与将到期的步骤"), late + soon, overdue.count(),
                   _("没有逾期或将到期的步骤。"), {"today": _today()})  # fmt: skip


def _cases_overdue(user):
    qs = case_selectors.overdue_cases()
    return Section(
        "cases_overdue", _("逾期的业务步骤"), list(qs[:LIMIT]), qs.count(), _("没有逾期的业务步骤。")
    )


def _to_file(user):
    qs = archive_selectors.documents_to_file()
    return Section("to_file", _("待归档的文档"), list(qs[:LIMIT]), qs.count(), _("没有待归档的文档。"))


def _originals_overdue(user):
    qs = archive_selectors.overdue_movements()
    return Section(
        "originals_overdue", _("借出逾期的原件"), list(qs[:LIMIT]), qs.count(), _("没有逾期未还的原件。")
    )


def _filings_open(user):
    qs = archive_selectors.filings_not_returned()
    return Section("filings_open", _("备案未退回"), list(qs[:LIMIT]), qs.count(), _("没有超期未退回的备案。"),
                   {"days": archive_conf.filing_not_returned_days()})  # fmt: skip


def _letters_due(user):
    qs = archive_selectors.letters_due(conf.letter_due_days_ahead(), _today())
    return Section("letters_due", _("待回复的联络函"), list(qs[:LIMIT]), qs.count(), _("没有到期待回复的联络函。"),
                   {"today": _today()})  # fmt: skip


def _today_section(user):
    data = todays_registrations()
    return Section("today", _("今日登记"), data["documents"], sum(data["counts"].values()), _("今天还没有登记。"),
                   data["counts"])  # fmt: skip


_BUILDERS = {
    "approval_queue": _approval_queue,
    "anomalies": _anomalies,
    "stamp_evidence": _stamp_evidence,
    "month_seal_use": _month_seal_use,
    "my_requests": _my_requests,
    "my_originals": _my_originals,
    "my_case_steps": _my_case_steps,
    "cases_overdue": _cases_overdue,
    "to_file": _to_file,
    "originals_overdue": _originals_overdue,
    "filings_open": _filings_open,
    "letters_due": _letters_due,
    "today": _today_section,
}
