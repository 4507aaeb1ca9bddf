"""Approval routing: which rule a request follows, its steps when submitted, who may decide each step now.

A seat is a role ("group:manager": any active member) or a person ("user:zhang"). Nobody decides their own
request and nobody fills two seats of one submission: a seat only the requester could fill is skipped (the
next step decides), and a chain left with no step goes to the second approver (settings.SEALS_SECOND_APPROVER).
An approver marked away is replaced by their deputy, and the step records for whom the deputy acted.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from accounts.roles import ROLE_LABELS
from core.errors import Conflict, InvalidInput
from seals import conf
from seals.approval_models import ApprovalRule, ApprovalStep, chain_of

D = ApprovalStep.Decision
DEFAULT_CHAIN = [["group:manager"]]  # no rule matches: the manager decides, as before routing existed


def parse_ref(ref) -> tuple[str, str]:
    """("group", name) or ("user", username); a plain name is a user when one has it, else a role."""
    if not isinstance(ref, str) or not ref.strip():
        raise InvalidInput(_("审批人格式无效：应为 group:角色 或 user:用户名。"), code="bad_approver")
    ref = ref.strip()
    kind, sep, name = ref.partition(":")
    if sep and kind in ("group", "user") and name.strip():
        return kind, name.strip()
    if get_user_model().objects.filter(username=ref).exists():
        return "user", ref
    return "group", ref


def clean_ref(ref) -> str:
    """A reference that names an existing role or user, written in full ("group:x" / "user:x")."""
    kind, name = parse_ref(ref)
    exists = (
        Group.objects.filter(name=name).exists()
        if kind == "group"
        else get_user_model().objects.filter(username=name, is_active=True).exists()
    )
    if not exists:
        raise InvalidInput(_("审批人“%(ref)s”不存在。") % {"ref": ref}, code="bad_approver")
    return f"{kind}:{name}"


def ref_label(ref: str) -> str:
    kind, name = parse_ref(ref)
    if kind == "group":
        return str(ROLE_LABELS.get(name, name))
    user = get_user_model().objects.filter(username=name).first()
    return user.label if user else name


def seat_label(step: ApprovalStep) -> str:
    return step.user.label if step.user_id else str(ROLE_LABELS.get(step.group_name, step.group_name))


# ---- which rule


def _matches(rule: ApprovalRule, item, recipient: str) -> bool:
    return (
        (not rule.seal_kind or rule.seal_kind == item.seal.kind)
        and (not rule.doc_type_id or rule.doc_type_id == item.version.document.doc_type_id)
        and (not rule.recipient or rule.recipient == recipient)
    )


def rule_for(req, items) -> ApprovalRule | None:
    """The most specific active rule for each item; of those, the one with the most seats (the strictest)."""
    rules = list(ApprovalRule.objects.filter(active=True).order_by("position", "id"))
    chosen = []
    for item in items:
        matching = [r for r in rules if _matches(r, item, req.recipient)]
        if matching:
            chosen.append(max(matching, key=lambda r: (r.specificity, -r.position, -r.pk)))
    if not chosen:
        return None
    return max(chosen, key=lambda r: (sum(len(s) for s in r.chain()), len(r.chain()), -r.position, -r.pk))


# ---- who fills a seat


def _members(kind: str, name: str):
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(groups__name=name) if kind == "group" else users.filter(username=name)


def plan(req, chain: list[list[str]]) -> list[ApprovalStep]:
    """The steps of this submission (unsaved). Conflict when a seat names nobody or nobody is left at all."""
    steps, order = [], 0
    for seats in chain:
        planned = []
        for ref in seats:
            kind, name = parse_ref(ref)
            members = set(_members(kind, name).values_list("pk", flat=True).distinct())
            if not members:
                raise Conflict(
                    _("审批规则要求的审批人“%(who)s”当前无人可用，请联系经理修改审批规则。")
                    % {"who": ref_label(ref)},
                    code="no_approver",
                )
            step = _seat(req, order, kind, name)
            if members == {req.requester_id}:  # only the requester could fill it: the next step decides
                step.decision = D.SKIPPED
                step.comment = _("申请人本人，跳过")
            planned.append(step)
        steps.extend(planned)
        order += 1
    if not any(step.decision == D.PENDING for step in steps):
        steps.append(_second_approver(req, order))
    return steps


def _seat(req, order: int, kind: str, name: str) -> ApprovalStep:
    step = ApprovalStep(request=req, round=req.round, order=order)
    if kind == "group":
        step.group_name = name
    else:
        step.user = get_user_model().objects.get(username=name)
    return step


def _second_approver(req, order: int) -> ApprovalStep:
    ref = conf.second_approver()
    if ref:
        kind, name = parse_ref(ref)
        others = _members(kind, name).exclude(pk=req.requester_id)
        if others.exists():
            step = _seat(req, order, kind, name)
            step.second_approver = True
            return step
    raise Conflict(
        _(
            "除申请人本人外没有可以审批此申请的人：请由经理在系统设置中指定第二审批人（SEALS_SECOND_APPROVER）。"
        ),
        code="no_approver",
    )


def chain_for(req, items) -> tuple[ApprovalRule | None, list[list[str]]]:
    rule = rule_for(req, items)
    return rule, (rule.chain() if rule else DEFAULT_CHAIN)


# ---- who may decide now


def current_steps(req):
    return ApprovalStep.objects.filter(
        request=req, round=req.round, order=req.current_step, decision=D.PENDING
    ).select_related("user", "user__deputy")


def _fills(user, step: ApprovalStep):
    """(True, on behalf of whom or None) when `user` may fill this seat; (False, None) otherwise."""
    if step.user_id:
        if step.user_id == user.pk:
            return True, None
        seat_user = step.user
        if seat_user.away and seat_user.deputy_id == user.pk:
            return True, seat_user
        return False, None
    members = _members("group", step.group_name)
    if members.filter(pk=user.pk).exists():
        return True, None
    away = members.filter(away=True, deputy=user).first()
    return (True, away) if away else (False, None)


def seat_for(user, req):
    """The seat `user` decides now, and for whom (a deputy), or (None, None). Never the requester, never a
    second seat of the same submission."""
    if not getattr(user, "is_authenticated", False) or req.requester_id == user.pk:
        return None, None
    if req.round and ApprovalStep.objects.filter(request=req, round=req.round, decided_by=user).exists():
        return None, None
    for step in current_steps(req):
        ok, on_behalf_of = _fills(user, step)
        if ok and (on_behalf_of is None or on_behalf_of.pk != req.requester_id):
            return step, on_behalf_of
    return None, None


def current_approvers(req) -> list:
    """Who is told a step waits: every person able to fill a pending seat now (a deputy in place of an approver
    away), never the requester nor anyone who already decided a seat of this submission."""
    decided = set(
        ApprovalStep.objects.filter(request=req, round=req.round)
        .exclude(decided_by=None)
        .values_list("decided_by", flat=True)
    )
    told = {}
    for step in current_steps(req):
        kind, name = ("user", step.user.username) if step.user_id else ("group", step.group_name)
        for person in _members(kind, name).select_related("deputy"):
            if person.away and person.deputy_id and person.deputy.is_active:
                person = person.deputy
            if person.pk != req.requester_id and person.pk not in decided:
                told[person.pk] = person
    return [told[pk] for pk in sorted(told)]


def valid_chain(shape: str, approvers) -> list[list[str]]:
    """A rule's chain from the form or the API: cleaned references, the number the shape needs."""
    if shape not in ApprovalRule.Shape.values:
        raise InvalidInput(_("审批方式无效。"), code="bad_shape")
    if not isinstance(approvers, list) or not approvers:
        raise InvalidInput(_("请至少指定一位审批人。"), code="bad_approver")
    cleaned = [clean_ref(ref) for ref in approvers]
    if len(set(cleaned)) != len(cleaned):
        raise InvalidInput(_("审批人重复。"), code="bad_approver")
    if shape == ApprovalRule.Shape.SINGLE and len(cleaned) != 1:
        raise InvalidInput(_("单人审批只能指定一位审批人。"), code="bad_approver")
    if shape != ApprovalRule.Shape.SINGLE and len(cleaned) < 2:
        raise InvalidInput(_("逐级审批和会签至少需要两位审批人。"), code="bad_approver")
    if len(cleaned) > 10:
        raise InvalidInput(_("审批人最多 10 位。"), code="bad_approver")
    return chain_of(shape, cleaned)
