"""The approval rules table, edited by the manager: add, change, delete a rule; and a person's away flag."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Forbidden, InvalidInput
from docstore.models import DocumentType
from seals.approval_models import ApprovalRule
from seals.models import Seal, SealRequest
from seals.services.registry import require_manager
from seals.services.routing import valid_chain

FIELDS = (
    "name",
    "seal_kind",
    "doc_type",
    "recipient",
    "shape",
    "approvers",
    "valid_days",
    "position",
    "active",
)
MAX_VALID_DAYS = 3650


def _clean(data: dict) -> dict:
    name = (data.get("name") or "").strip()
    if not name:
        raise InvalidInput(_("请填写规则名称。"), code="name_required")
    kind = data.get("seal_kind") or ""
    if kind and kind not in Seal.Kind.values:
        raise InvalidInput(_("印章类别无效。"), code="bad_seal_kind")
    recipient = data.get("recipient") or ""
    if recipient and recipient not in SealRequest.Recipient.values:
        raise InvalidInput(_("用印对象无效。"), code="bad_recipient")
    doc_type = data.get("doc_type")
    if doc_type is not None and not isinstance(doc_type, DocumentType):
        raise InvalidInput(_("文档类型无效。"), code="bad_doc_type")
    shape = data.get("shape") or ApprovalRule.Shape.SINGLE
    chain = valid_chain(shape, data.get("approvers"))
    approvers = [ref for step in chain for ref in step]
    valid_days = data.get("valid_days")
    if valid_days in ("", None):
        valid_days = None
    else:
        try:
            valid_days = int(valid_days)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(_("授权有效天数必须是整数。"), code="bad_valid_days") from exc
        if not 1 <= valid_days <= MAX_VALID_DAYS:
            raise InvalidInput(
                _("授权有效天数应在 1 到 %(n)s 之间。") % {"n": MAX_VALID_DAYS}, code="bad_valid_days"
            )
    try:
        position = int(data.get("position") or 0)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("顺序必须是整数。"), code="bad_position") from exc
    if not 0 <= position <= 32767:
        raise InvalidInput(_("顺序应在 0 到 32767 之间。"), code="bad_position")
    return {
        "name": name[:100],
        "seal_kind": kind,
        "doc_type": doc_type,
        "recipient": recipient,
        "shape": shape,
        "approvers": approvers,
        "valid_days": valid_days,
        "position": position,
        "active": bool(data.get("active", True)),
    }


def create_rule(actor, **data) -> ApprovalRule:
    require_manager(actor)
    cleaned = _clean(data)
    with transaction.atomic():
        rule = ApprovalRule.objects.create(updated_by=actor, **cleaned)
        audit.record(actor, "approval_rule.created", rule, **_described(rule))
    return rule


def update_rule(actor, rule: ApprovalRule, **changes) -> ApprovalRule:
    require_manager(actor)
    current = {field: getattr(rule, field) for field in FIELDS}
    current.update({k: v for k, v in changes.items() if k in FIELDS})
    cleaned = _clean(current)
    with transaction.atomic():
        locked = ApprovalRule.objects.select_for_update().get(pk=rule.pk)
        before = _described(locked)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.updated_by = actor
        locked.save()
        audit.record(actor, "approval_rule.changed", locked, before=before, after=_described(locked))
    return locked


def delete_rule(actor, rule: ApprovalRule) -> None:
    """Requests decided under it keep their steps; new ones follow the other rules."""
    require_manager(actor)
    with transaction.atomic():
        audit.record(actor, "approval_rule.deleted", rule, **_described(rule))
        rule.delete()


def _described(rule: ApprovalRule) -> dict:
    return {
        "name": rule.name,
        "seal_kind": rule.seal_kind,
        "doc_type": rule.doc_type_id,
        "recipient": rule.recipient,
        "shape": rule.shape,
        "approvers": rule.approvers,
        "valid_days": rule.valid_days,
        "active": rule.active,
    }


def set_away(actor, user, *, away: bool, deputy=None):
    """Mark a person away (or back) and name who acts for them meanwhile: themselves, or a manager for anyone."""
    from accounts.roles import MANAGER, has_role

    if actor.pk != user.pk and not has_role(actor, MANAGER):
        raise Forbidden(_("只能设置自己的外出状态。"), code="not_yours")
    if deputy is not None and (deputy.pk == user.pk or not deputy.is_active):
        raise InvalidInput(_("代理人不能是本人，且必须是在职用户。"), code="bad_deputy")
    if away and deputy is None:
        raise InvalidInput(_("外出时请指定代理人。"), code="deputy_required")
    with transaction.atomic():
        user.away, user.deputy = bool(away), deputy
        user.save(update_fields=["away", "deputy"])
        audit.record(
            actor, "account.away_changed", user, away=user.away, deputy=deputy.pk if deputy else None
        )
    return user
