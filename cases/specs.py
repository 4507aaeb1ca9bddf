"""What a step may say, and the checks on it: the vocabulary of recorded fields, seal uses and movements.

Used by the template service (a manager's edit), the forms and the API, and by the step service when a step is
completed (the values recorded for its fields).
"""

import datetime
import decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import PartyType
from cases.models import DECISION_EFFECTS, Milestone, OwnerRole, StepEffect
from core.errors import InvalidInput
from seals.models import Seal, SealRequest

# key -> (label, type): what a step records when it is done.
FIELDS = {
    "date": (gettext_lazy("日期"), "date"),
    "bank": (gettext_lazy("银行"), "text"),
    "place": (gettext_lazy("地点"), "text"),
    "notary": (gettext_lazy("公证处"), "text"),
    "amount": (gettext_lazy("金额"), "amount"),
    "notice_no": (gettext_lazy("通知书编号"), "text"),
    "approval_no": (gettext_lazy("审批编号"), "text"),
    "receipt_no": (gettext_lazy("回执编号"), "text"),
    "filing_number": (gettext_lazy("备案号"), "text"),
    "certificate_no": (gettext_lazy("权证编号"), "text"),
    "reported_to": (gettext_lazy("财务经办人"), "text"),
}
# Values an effect cannot do without.
EFFECT_NEEDS = {StepEffect.LOAN_RELEASE: ("amount",)}
MOVEMENT_KINDS = {
    "out": gettext_lazy("借出至对方"),
    "out_and_back": gettext_lazy("借出并归还"),
    "handover": gettext_lazy("移交对方"),
}
DECISIONS = {"approved": gettext_lazy("批准"), "rejected": gettext_lazy("不批准")}
MAX_IMPRESSIONS = 50
MAX_STEPS = 30
MAX_DUE_DAYS = 365
MAX_AMOUNT = decimal.Decimal("999999999999.99")


def _list_of_codes(value, what) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(_("%(what)s必须是代码列表。") % {"what": what}, code="bad_step")
    out = []
    for v in value:
        if v not in out:
            out.append(v)
    return out


def _check_types(codes, type_codes, where) -> None:
    unknown = [c for c in codes if c not in type_codes]
    if unknown:
        raise InvalidInput(
            _("%(where)s：未知的文档类型 %(codes)s。") % {"where": where, "codes": "、".join(unknown)},
            code="unknown_type",
        )


def clean_seal(value, type_codes, where) -> dict:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(_("%(where)s：用章设置格式无效。") % {"where": where}, code="bad_step")
    seals = _list_of_codes(value.get("seals"), _("印章"))
    documents = _list_of_codes(value.get("documents"), _("用章文件"))
    if not seals or not documents:
        raise InvalidInput(_("%(where)s：用章须指定印章和文件类型。") % {"where": where}, code="bad_step")
    bad = [s for s in seals if s not in Seal.Kind.values]
    if bad:
        raise InvalidInput(_("%(where)s：未知的印章类别 %(k)s。") % {"where": where, "k": "、".join(bad)},
                           code="bad_step")  # fmt: skip
    _check_types(documents, type_codes, where)
    try:
        impressions = int(value.get("impressions", 1))
    except (TypeError, ValueError):
        impressions = 0
    if not 1 <= impressions <= MAX_IMPRESSIONS:
        raise InvalidInput(_("%(where)s：用印次数应在 1 到 %(n)s 之间。") % {"where": where, "n": MAX_IMPRESSIONS},
                           code="bad_step")  # fmt: skip
    recipient = value.get("recipient") or SealRequest.Recipient.BANK
    mode = value.get("mode") or "physical"
    if recipient not in SealRequest.Recipient.values or mode not in ("physical", "electronic"):
        raise InvalidInput(_("%(where)s：用印对象或用印方式无效。") % {"where": where}, code="bad_step")
    cross_page = value.get("cross_page", False)
    if not isinstance(cross_page, bool):
        raise InvalidInput(_("%(where)s：骑缝章应为是或否。") % {"where": where}, code="bad_step")
    return {"seals": seals, "documents": documents, "cross_page": cross_page, "impressions": impressions,
            "recipient": recipient, "mode": mode}  # fmt: skip


def clean_movement(value, type_codes, where) -> dict:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(_("%(where)s：原件流转设置格式无效。") % {"where": where}, code="bad_step")
    document, party, kind = value.get("document"), value.get("party"), value.get("kind") or "out_and_back"
    if not isinstance(document, str) or party not in PartyType.values or kind not in MOVEMENT_KINDS:
        raise InvalidInput(
            _("%(where)s：原件流转须指定文件类型、对象和方式。") % {"where": where}, code="bad_step"
        )
    _check_types([document], type_codes, where)
    return {"document": document, "party": party, "kind": kind}


def clean_step(data: dict, number: int, type_codes: set[str]) -> dict:
    """One step of a template, as the manager wrote it (a form or a JSON body); InvalidInput says where."""
    if not isinstance(data, dict):
        raise InvalidInput(_("第 %(n)s 步格式无效。") % {"n": number}, code="bad_step")
    where = _("第 %(n)s 步") % {"n": number}
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 60:
        raise InvalidInput(_("%(where)s：请填写步骤名称（60 字以内）。") % {"where": where}, code="bad_step")
    role = data.get("owner_role")
    if role not in OwnerRole.values:
        raise InvalidInput(_("%(where)s：负责角色无效。") % {"where": where}, code="bad_step")
    required = _list_of_codes(data.get("required_types"), _("要件"))
    _check_types(required, type_codes, where)
    fields = _list_of_codes(data.get("fields"), _("登记项"))
    bad = [f for f in fields if f not in FIELDS]
    if bad:
        raise InvalidInput(_("%(where)s：未知的登记项 %(f)s。") % {"where": where, "f": "、".join(bad)},
                           code="bad_step")  # fmt: skip
    effect = data.get("effect") or ""
    milestone = data.get("milestone") or ""
    if effect not in StepEffect.values or milestone not in Milestone.values:
        raise InvalidInput(_("%(where)s：完成时的处理或登记表日期无效。") % {"where": where}, code="bad_step")
    for needed in EFFECT_NEEDS.get(effect, ()):
        if needed not in fields:
            fields.append(needed)
    if effect in DECISION_EFFECTS and role != OwnerRole.MANAGER:
        raise InvalidInput(_("%(where)s：申请由客服部经理审批。") % {"where": where}, code="bad_step")
    try:
        due_days = int(data.get("due_days", 3))
    except (TypeError, ValueError):
        due_days = -1
    if not 0 <= due_days <= MAX_DUE_DAYS:
        raise InvalidInput(_("%(where)s：办理时限应在 0 到 %(n)s 天之间。") % {"where": where, "n": MAX_DUE_DAYS},
                           code="bad_step")  # fmt: skip
    optional = data.get("optional", False)
    if not isinstance(optional, bool):
        raise InvalidInput(_("%(where)s：可跳过应为是或否。") % {"where": where}, code="bad_step")
    return {
        "name": name,
        "owner_role": role,
        "required_types": required,
        "seal": clean_seal(data.get("seal"), type_codes, where),
        "movement": clean_movement(data.get("movement"), type_codes, where),
        "fields": fields,
        "effect": effect,
        "milestone": milestone,
        "due_days": due_days,
        "optional": optional,
    }


def _parse_date(value, label, today: datetime.date) -> str:
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(
                _("%(f)s：请输入有效日期（YYYY-MM-DD）。") % {"f": label}, code="bad_value"
            ) from None
    if not datetime.date(2000, 1, 1) <= day <= today:
        raise InvalidInput(_("%(f)s：日期不能晚于今天。") % {"f": label}, code="bad_value")
    return day.isoformat()


def parse_amount(value, label) -> decimal.Decimal:
    try:
        amount = decimal.Decimal(str(value).replace(",", "").strip())
    except (decimal.InvalidOperation, ValueError):
        raise InvalidInput(_("%(f)s：请输入金额。") % {"f": label}, code="bad_value") from None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount > MAX_AMOUNT
        or amount != amount.quantize(decimal.Decimal("0.01"))
    ):
        raise InvalidInput(_("%(f)s：金额应大于 0，最多两位小数。") % {"f": label}, code="bad_value")
    return amount.quantize(decimal.Decimal("0.01"))


def clean_data(step, data, today: datetime.date) -> dict:
    """The values recorded when `step` is done: its fields (date defaults to today), and the decision on an
    application. Unknown keys are refused, so that a typo is not silently dropped."""
    data = dict(data or {})
    allowed = set(step.fields)
    deciding = step.effect in DECISION_EFFECTS
    if deciding:
        allowed |= {"decision", "comment"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(
            _("此步骤没有这些登记项：%(keys)s。") % {"keys": "、".join(unknown)}, code="bad_value"
        )
    cleaned = {}
    for key in step.fields:
        label, kind = FIELDS[key]
        value = data.get(key)
        if value in (None, ""):
            if key in EFFECT_NEEDS.get(step.effect, ()):
                raise InvalidInput(_("请填写%(f)s。") % {"f": label}, code="value_required")
            if key == "date":
                cleaned[key] = today.isoformat()
            continue
        if kind == "date":
            cleaned[key] = _parse_date(value, label, today)
        elif kind == "amount":
            cleaned[key] = str(parse_amount(value, label))
        else:
            cleaned[key] = str(value).strip()[:200]
    if deciding:
        decision = data.get("decision")
        if decision not in DECISIONS:
            raise InvalidInput(_("请选择审批结果：批准或不批准。"), code="decision_required")
        cleaned["decision"] = decision
        cleaned["comment"] = str(data.get("comment") or "").strip()[:500]
    return cleaned
