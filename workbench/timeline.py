"""The paper trail of one dossier in time order, from the audit trail, enriched with links.

The audit trail is the single source: every service of every app writes one event per use case, naming its
object (object_type, object_id). Each app names the dossier's objects first (its documents, their seal
requests, archive records, originals, filings and letters: one query each), then accounts reads their events
in one query. A constant number of queries whatever the size of the dossier.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import selectors as account_selectors
from accounts.models import AuditEvent
from archive import selectors as archive_selectors
from archive.models import PartyType
from cases import selectors as case_selectors
from core import idnumber
from docstore import selectors as doc_selectors
from docstore.models import Dossier
from seals import selectors as seal_selectors

# The kinds a user filters by, in the order of the filter bar.
KINDS = {
    "document": _("文档与版本"),
    "template": _("模板生成"),
    "seal": _("用章申请与审批"),
    "stamp": _("盖章"),
    "filing": _("归档与备案"),
    "original": _("原件流转"),
    "letter": _("联络函"),
    "case": _("业务办理"),
    "ledger": _("台账与收款"),
}

# Actions that are not steps of the paper trail (reads, exports).
SKIPPED = {"version.downloaded", "attachments.downloaded", "archive.exported"}

# Chinese labels of the actions the apps record; unknown actions show their code.
ACTIONS = {
    "dossier.created": _("建立案卷"),
    "dossier.customers_changed": _("修改客户"),
    "dossier.corrected": _("更正案卷"),
    "document.corrected": _("更正文档"),
    "document.created": _("上传文档"),
    "version.added": _("新增版本"),
    "template.filled": _("由模板生成"),
    "checkout.created": _("签出编辑"),
    "checkout.checked_in": _("签入"),
    "checkout.forced": _("强制签入"),
    "checkout.expired": _("签出到期释放"),
    "seal_request.created": _("填写用章申请"),
    "seal_request.changed": _("修改用章申请"),
    "seal_request.item_added": _("添加用章明细"),
    "seal_request.item_changed": _("修改用章明细"),
    "seal_request.item_removed": _("删除用章明细"),
    "seal_request.submitted": _("提交用章申请"),
    "seal_request.approved": _("批准用章"),
    "seal_request.rejected": _("驳回用章申请"),
    "seal_request.returned": _("退回修改"),
    "seal_request.withdrawn": _("撤回用章申请"),
    "seal_request.stamped": _("电子盖章"),
    "seal_request.impressions_recorded": _("登记实物用印"),
    "seal_request.closed": _("关闭用章申请"),
    "archive.filed": _("归档"),
    "archive.corrected": _("更正档案"),
    "archive.placed": _("装盒上架"),
    "archive.retention_trigger": _("保管期限起算"),
    "archive.hold_placed": _("冻结"),
    "archive.hold_released": _("解除冻结"),
    "filing.submitted": _("提交备案"),
    "filing.accept": _("备案受理"),
    "filing.reject": _("备案被驳回"),
    "filing.return": _("备案原件退回"),
    "original.registered": _("登记原件"),
    "original.checked_out": _("原件借出"),
    "original.renewed": _("原件续借"),
    "original.returned": _("原件归还"),
    "original.handed_over": _("原件移交"),
    "original.moved_home": _("原件换位"),
    "letter.registered": _("登记联络函"),
    "letter.replied": _("回复联络函"),
    "letter.closed": _("联络函办结"),
    "case.opened": _("开办业务"),
    "case.step_completed": _("完成业务步骤"),
    "case.step_advanced": _("业务步骤随用印或原件流转完成"),
    "case.step_skipped": _("跳过业务步骤"),
    "case.seal_requested": _("按业务步骤申请用章"),
    "case.cancelled": _("撤销业务"),
    "case.moved": _("业务转移（调房）"),
    "sale.changed": _("修改客户台账"),
    "payment.recorded": _("登记收款"),
    "payment.reversed": _("冲销收款"),
}


def kind_of(action: str, object_type: str) -> str:
    if action == "template.filled":
        return "template"
    if action in ("seal_request.stamped", "seal_request.impressions_recorded"):
        return "stamp"
    prefix = action.split(".", 1)[0]
    if prefix == "seal_request":
        return "seal"
    if prefix in ("archive", "filing", "disposal"):
        return "filing"
    if prefix == "original":
        return "original"
    if prefix == "letter":
        return "letter"
    if prefix == "case":
        return "case"
    if prefix in ("sale", "payment"):
        return "ledger"
    return "document"


@dataclass
class Entry:
    event: AuditEvent
    kind: str
    label: str
    url: str | None
    subject: str
    summary: str


def _keys(dossier: Dossier, user) -> dict[str, set]:
    """Audit object keys (object_type -> ids) that belong to this dossier and that `user` may see, from each app
    that owns them (another person's draft seal request is private)."""
    return {
        **doc_selectors.dossier_objects(dossier),
        **seal_selectors.dossier_objects(dossier, user),
        **archive_selectors.dossier_objects(dossier),
        **case_selectors.dossier_objects(dossier),
    }


def _link(object_type: str, object_id: str, details: dict) -> str | None:
    version = details.get("version")
    pk = int(object_id)
    if object_type == "docstore.document":
        return reverse("docstore:document-detail", args=[pk])
    if object_type == "docstore.dossier":
        return reverse("docstore:dossier-detail", args=[pk])
    if object_type == "seals.sealrequest":
        if isinstance(version, int) and "item" in details:  # a stamping: the version it made
            return reverse("docstore:version-viewer", args=[version])
        return reverse("seals:request-detail", args=[pk])
    if object_type == "archive.archiverecord":
        return reverse("archive:record", args=[pk])
    if object_type == "archive.original":
        return reverse("archive:original", args=[pk])
    if object_type == "archive.filing":  # filings have no page of their own: the list where they are handled
        return reverse("archive:filings")
    if object_type == "archive.letter":
        return reverse("archive:letter", args=[pk])
    if object_type == "cases.case":
        if isinstance(details.get("step"), int):
            return reverse("cases:step", args=[pk, details["step"]])
        return reverse("cases:case", args=[pk])
    if object_type == "cases.casemove" and isinstance(details.get("case"), int):
        return reverse("cases:case", args=[details["case"]])
    if object_type in ("cases.payment", "cases.sale") and isinstance(details.get("dossier_id"), int):
        return reverse("cases:payments") + f"?dossier={details['dossier_id']}"
    return None


def _summary(action: str, details: dict, subject: str) -> str:
    """A short human line from the event's details (what the subject does not already say)."""
    parts = []
    if action.startswith("case.") and details.get("step"):
        parts.append(str(_("第 %(n)s 步 %(name)s") % {"n": details["step"], "name": details.get("name", "")}))
    if action == "case.moved":
        parts.append(f"{details.get('from_dossier', '')} → {details.get('to_dossier', '')}")
    if action.startswith("payment.") and details.get("amount") not in (None, ""):
        parts.append(str(details["amount"]))
    for key in ("change", "code", "number", "version", "impressions", "count", "party_type", "holder", "due_date",
                "receiver", "comment", "reason", "remarks"):  # fmt: skip
        value = details.get(key)
        if value in (None, "", [], {}) or (isinstance(value, str) and value in subject):
            continue
        if key == "version":
            if action.startswith("seal_request"):
                continue
            parts.append(f"v{value}")
        elif key == "impressions":
            parts.append(str(_("用印 %(n)s 次") % {"n": value}))
        elif key == "count":
            parts.append(str(_("%(n)s 次") % {"n": value}))
        elif key == "party_type":
            parts.append(str(PartyType(value).label) if value in PartyType.values else str(value))
        elif key == "due_date":
            parts.append(str(_("应还 %(d)s") % {"d": value}))
        else:
            parts.append(str(value))
    return " · ".join(parts)[:200]


def entries(dossier: Dossier, user, kinds: set[str] | None = None) -> list[Entry]:
    events = account_selectors.events_about(_keys(dossier, user), exclude_actions=SKIPPED)
    out = []
    for event in events:
        kind = kind_of(event.action, event.object_type)
        if kinds and kind not in kinds:
            continue
        details = event.details or {}
        out.append(
            Entry(
                event=event,
                kind=kind,
                label=str(ACTIONS.get(event.action, event.action)),
                url=_link(event.object_type, event.object_id, details),
                subject=idnumber.mask_in_text(event.object_repr),
                summary=idnumber.mask_in_text(_summary(event.action, details, event.object_repr)),
            )
        )
    return out


def counts(all_entries: list[Entry]) -> dict[str, int]:
    found: dict[str, int] = dict.fromkeys(KINDS, 0)
    for entry in all_entries:
        found[entry.kind] = found.get(entry.kind, 0) + 1
    return found
