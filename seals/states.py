"""The states of seals, seal loans and seal-use requests and their transition tables. Whether a stamping leaves
a request partly or fully stamped is decided in services/stamping.py, not by the "stamp" row."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict


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


# Seal lifecycle: (from, to) pairs. Destroyed is final.
SEAL_TRANSITIONS = {
    (SealStatus.REGISTERED, SealStatus.ACTIVE),
    (SealStatus.REGISTERED, SealStatus.DESTROYED),
    (SealStatus.ACTIVE, SealStatus.SUSPENDED),
    (SealStatus.ACTIVE, SealStatus.DESTROYED),
    (SealStatus.SUSPENDED, SealStatus.ACTIVE),
    (SealStatus.SUSPENDED, SealStatus.DESTROYED),
}

# Loans: action -> (allowed from, to).
LOAN_TRANSITIONS = {
    "approve": ({LoanStatus.REQUESTED}, LoanStatus.OUT),
    "reject": ({LoanStatus.REQUESTED}, LoanStatus.REJECTED),
    "return": ({LoanStatus.OUT}, LoanStatus.RETURNED),
}

RS = RequestStatus
# Seal-use requests: action -> (allowed from, to). "stamp" lands on partly_stamped or stamped (see services).
REQUEST_TRANSITIONS = {
    "submit": ({RS.DRAFT, RS.RETURNED}, RS.SUBMITTED),
    "approve": ({RS.SUBMITTED}, RS.APPROVED),
    "reject": ({RS.SUBMITTED}, RS.REJECTED),
    "return": ({RS.SUBMITTED}, RS.RETURNED),
    "withdraw": ({RS.DRAFT, RS.SUBMITTED, RS.RETURNED}, RS.WITHDRAWN),
    # Changing an item: free while editable; after approval (nothing stamped yet) it voids the approval.
    "edit": ({RS.DRAFT, RS.RETURNED, RS.APPROVED}, RS.DRAFT),
    "stamp": ({RS.APPROVED, RS.PARTLY_STAMPED}, RS.PARTLY_STAMPED),
    "close": ({RS.APPROVED, RS.PARTLY_STAMPED, RS.STAMPED}, RS.CLOSED),
}
EDITABLE = {RS.DRAFT, RS.RETURNED}
STAMPABLE = {RS.APPROVED, RS.PARTLY_STAMPED, RS.STAMPED}
DECIDED = {RS.APPROVED, RS.REJECTED, RS.PARTLY_STAMPED, RS.STAMPED, RS.CLOSED}


def check_request(action: str, status: str) -> str:
    """The status after `action`, or Conflict (409) naming the current state."""
    allowed, target = REQUEST_TRANSITIONS[action]
    if status not in allowed:
        raise Conflict(
            gettext("申请当前状态为“%(state)s”，不能执行此操作。") % {"state": RequestStatus(status).label},
            code="wrong_state",
        )
    return target


def check_loan(action: str, status: str) -> str:
    allowed, target = LOAN_TRANSITIONS[action]
    if status not in allowed:
        raise Conflict(
            gettext("外借当前状态为“%(state)s”，不能执行此操作。") % {"state": LoanStatus(status).label},
            code="wrong_state",
        )
    return target


def check_seal(from_status: str, to_status: str) -> None:
    if (from_status, to_status) not in SEAL_TRANSITIONS:
        raise Conflict(
            gettext("印章不能从“%(a)s”变为“%(b)s”。")
            % {"a": SealStatus(from_status).label, "b": SealStatus(to_status).label},
            code="wrong_state",
        )
