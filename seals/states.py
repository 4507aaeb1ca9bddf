"""The state machines of seals, seal loans and seal-use requests: one table each (core.states).

The services call `check(obj, action)` before they change a state; the pages show `allowed_actions(user, obj)`.
The guards say who may take a transition, so that a page offers only what the user may do; the services still
raise their own precise 403.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER, has_role
from core.errors import Conflict
from core.states import StateMachine, T


class SealStatus(models.TextChoices):
    REGISTERED = "registered", _("已刻制备案")
    ACTIVE = "active", _("启用")
    SUSPENDED = "suspended", _("停用")
    DESTROYED = "destroyed", _("已销毁")


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    REJECTED = "rejected", _("已驳回")
    OUT = "out", _("外借中")
    RETURNED = "returned", _("已归还")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")
    PARTLY_STAMPED = "partly_stamped", _("部分用印")
    STAMPED = "stamped", _("已用印")
    CLOSED = "closed", _("已关闭")
    REVOKED = "revoked", _("已撤销授权")


def _manager(user, obj) -> bool:
    return has_role(user, MANAGER)


# Seal lifecycle. Destroyed is final; a suspended seal is put back in use with "activate".
SS = SealStatus


def _seal_refusal(seal, transition):
    return Conflict(
        gettext("印章不能从“%(a)s”变为“%(b)s”。")
        % {"a": SealStatus(seal.status).label, "b": SealStatus(transition.target).label},
        code="wrong_state",
    )


SEAL = StateMachine(
    "seal",
    states=SealStatus,
    initial=(SS.REGISTERED,),
    transitions=[
        T("activate", {SS.REGISTERED, SS.SUSPENDED}, SS.ACTIVE, guard=_manager, label=_("启用")),
        T("suspend", {SS.ACTIVE}, SS.SUSPENDED, guard=_manager, label=_("停用")),
        T("destroy", {SS.REGISTERED, SS.ACTIVE, SS.SUSPENDED}, SS.DESTROYED, guard=_manager, label=_("销毁")),
    ],
    services={
        "activate": "seals.services.change_seal_status",
        "suspend": "seals.services.change_seal_status",
        "destroy": "seals.services.change_seal_status",
    },
    refusal=_seal_refusal,
)


def seal_action(seal, to_status: str) -> str:
    """The lifecycle action that leads to `to_status`; Conflict when none does (back to "registered")."""
    for transition in SEAL.transitions:
        if transition.target == to_status:
            return transition.action
    raise Conflict(
        gettext("印章不能从“%(a)s”变为“%(b)s”。")
        % {"a": SealStatus(seal.status).label, "b": SealStatus(to_status).label},
        code="wrong_state",
    )


# Seal loans (外借): asked, decided by a manager who is not the borrower, returned.
LS = LoanStatus


def _loan_decider(user, loan) -> bool:
    return has_role(user, MANAGER) and loan.borrower_id != user.pk


def _loan_returner(user, loan) -> bool:
    return user.pk in (loan.borrower_id, loan.seal.custodian_id) or has_role(user, MANAGER)


LOAN = StateMachine(
    "seal_loan",
    states=LoanStatus,
    initial=(LS.REQUESTED,),
    conflict_message=_("外借当前状态为“%(state)s”，不能执行此操作。"),
    transitions=[
        T("approve", {LS.REQUESTED}, LS.OUT, guard=_loan_decider, label=_("批准")),
        T("reject", {LS.REQUESTED}, LS.REJECTED, guard=_loan_decider, label=_("驳回")),
        T("return", {LS.OUT}, LS.RETURNED, guard=_loan_returner, label=_("登记归还")),
    ],
    services={
        "approve": "seals.services.approve_seal_loan",
        "reject": "seals.services.reject_seal_loan",
        "return": "seals.services.return_seal",
    },
)


# Seal-use requests (用章申请).
RS = RequestStatus


def _requester(user, req) -> bool:
    return req.requester_id == user.pk


def _decider(user, req) -> bool:
    """Whoever fills a seat of the current step (routing); never the requester."""
    from seals.services.routing import seat_for

    return seat_for(user, req)[0] is not None


def _revoker(user, req) -> bool:
    from seals.services.approvals import may_revoke

    return may_revoke(user, req)


def approved_by(user, req) -> bool:
    """Whether `user` approved (a step of) this request: they never use the approval themselves (审用分离)."""
    if req.decided_by_id == user.pk:
        return True
    return req.steps.filter(round=req.round, decision="approved", decided_by=user.pk).exists()


def _closer(user, req) -> bool:
    return req.requester_id == user.pk or has_role(user, MANAGER)


def _stamper(user, req) -> bool:
    """The requester or the seal's custodian stamps an electronic item; never one who approved it."""
    return any(
        item.mode == "electronic" and user.pk in (req.requester_id, item.seal.custodian_id)
        for item in req.items.all()
    ) and not approved_by(user, req)


def _recorder(user, req) -> bool:
    """Only the seal's custodian (监印人) records impressions made on paper; never one who approved them."""
    return any(
        item.mode == "physical" and item.seal.custodian_id == user.pk for item in req.items.all()
    ) and not approved_by(user, req)


def after_edit(req) -> str:
    """Changing an item is free while editable; after approval (nothing stamped yet) it voids the approval."""
    return RS.DRAFT if req.status == RS.APPROVED else req.status


def after_use(req) -> str:
    """Fully stamped when every item's approved impressions are used, partly stamped until then."""
    counts = req.items.values_list("impressions", "used")
    return RS.STAMPED if all(used >= impressions for impressions, used in counts) else RS.PARTLY_STAMPED


USING = {RS.APPROVED, RS.PARTLY_STAMPED, RS.STAMPED}  # a fully stamped request falls to the count check


def _request_refusal(req, transition):
    if transition.action in ("stamp", "record_impressions") and req.status == RS.REVOKED:
        return Conflict(
            gettext("授权已被撤销，不能用印：%(reason)s") % {"reason": req.revoke_reason or "—"},
            code="approval_revoked",
        )
    if transition.action in ("stamp", "record_impressions"):
        return Conflict(
            gettext("申请尚未批准或已结束（当前：%(state)s），不能用印。")
            % {"state": RequestStatus(req.status).label},
            code="not_approved",
        )
    return None


REQUEST = StateMachine(
    "seal_request",
    states=RequestStatus,
    initial=(RS.DRAFT,),
    conflict_message=_("申请当前状态为“%(state)s”，不能执行此操作。"),
    transitions=[
        T("submit", {RS.DRAFT, RS.RETURNED}, RS.SUBMITTED, guard=_requester, label=_("提交审批")),
        T("approve", {RS.SUBMITTED}, RS.APPROVED, guard=_decider, label=_("批准")),
        # One seat of a chain agrees and another step (or seat of a 会签) still waits.
        T("approve_step", {RS.SUBMITTED}, RS.SUBMITTED, guard=_decider, label=_("同意（本步）")),
        T("reject", {RS.SUBMITTED}, RS.REJECTED, guard=_decider, label=_("驳回")),
        T("return", {RS.SUBMITTED}, RS.RETURNED, guard=_decider, label=_("退回修改")),
        T("withdraw", {RS.DRAFT, RS.SUBMITTED, RS.RETURNED}, RS.WITHDRAWN, guard=_requester, label=_("撤回")),
        T(
            "edit",
            {RS.DRAFT, RS.RETURNED, RS.APPROVED},
            after_edit,
            targets=(RS.DRAFT, RS.RETURNED),
            guard=_requester,
            label=_("修改此项"),
        ),
        T(
            "stamp",
            USING,
            after_use,
            targets=(RS.PARTLY_STAMPED, RS.STAMPED),
            guard=_stamper,
            label=_("电子用印并签名"),
        ),
        T(
            "record_impressions",
            USING,
            after_use,
            targets=(RS.PARTLY_STAMPED, RS.STAMPED),
            guard=_recorder,
            label=_("登记实物用印"),
        ),
        T("close", USING, RS.CLOSED, guard=_closer, label=_("关闭申请")),
        # Before anything is stamped with it: afterwards no use is possible.
        T("revoke", {RS.APPROVED}, RS.REVOKED, guard=_revoker, label=_("撤销授权")),
    ],
    services={
        "submit": "seals.services.submit_request",
        "approve": "seals.services.approve_request",
        "approve_step": "seals.services.approve_request",
        "reject": "seals.services.reject_request",
        "return": "seals.services.return_request",
        "withdraw": "seals.services.withdraw_request",
        "edit": "seals.services.update_item",
        "stamp": "seals.services.stamp_item",
        "record_impressions": "seals.services.record_impressions",
        "close": "seals.services.close_request",
        "revoke": "seals.services.revoke_request",
    },
    refusal=_request_refusal,
)


# Evidence of paper stamping (用印凭证): the photos or scans of an item's stamped paper. The upload stores them
# and answers at once ("checking"); the worker compares them with the approved version and lands on matched or
# mismatch. A mismatch stays an anomaly until a manager has looked and accepted it.
class EvidenceStatus(models.TextChoices):
    CHECKING = "checking", _("比对中")
    MATCHED = "matched", _("相符")
    MISMATCH = "mismatch", _("不符")
    ACCEPTED = "accepted", _("已核实")


ES = EvidenceStatus


def _compared(evidence) -> str:
    """The comparison's verdict: any finding (not comparable included) is a mismatch for a person to look at."""
    return ES.MISMATCH if evidence.findings else ES.MATCHED


EVIDENCE = StateMachine(
    "stamp_evidence",
    states=EvidenceStatus,
    initial=(ES.CHECKING,),
    conflict_message=_("用印凭证当前状态为“%(state)s”，不能执行此操作。"),
    transitions=[
        T("compare", {ES.CHECKING}, _compared, targets=(ES.MATCHED, ES.MISMATCH), label=_("比对")),
        T("accept", {ES.MISMATCH}, ES.ACCEPTED, guard=_manager, label=_("核实并接受")),
    ],
    services={
        "compare": "seals.services.compare_evidence",
        "accept": "seals.services.accept_evidence",
    },
)
