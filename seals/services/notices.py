"""What the seal app tells people (through `notifications`): the events it declares, and one function per
send, called inside the use case's transaction."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER
from notifications.events import Event
from notifications.selectors import people_with_role
from notifications.services import notify, remind
from seals import selectors
from seals.models import SealRequestItem

SEALS = _("用印")
OVERDUE = _("逾期提醒")
SUBMITTED = Event("seal_request.submitted", _("用章申请待我审批"), SEALS)
DECIDED = Event("seal_request.decided", _("我的用章申请有了审批结果"), SEALS)
IMPRESSION = Event("seal_request.impression", _("用印（实物或电子）"), SEALS)
LOAN_REQUESTED = Event("seal_loan.requested", _("印章外借申请"), SEALS)
LOAN_DECIDED = Event("seal_loan.decided", _("我的印章外借申请有了审批结果"), SEALS)
LOAN_RETURNED = Event("seal_loan.returned", _("外借的印章已归还"), SEALS)
LOAN_OVERDUE = Event("seal_loan.overdue", _("印章逾期未还"), OVERDUE)

DECISIONS = {
    "approve": _("您的用章申请 #%(n)s 已批准"),
    "reject": _("您的用章申请 #%(n)s 被驳回"),
    "return": _("您的用章申请 #%(n)s 被退回修改"),
}
LOAN_DECISIONS = {
    "approve": _("您的印章外借申请已批准：%(seal)s"),
    "reject": _("您的印章外借申请被驳回：%(seal)s"),
}


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def request_submitted(actor, req) -> None:
    notify(
        SUBMITTED,
        recipients=selectors.approvers_of(req),
        link=req.get_absolute_url(),
        subject=_("用章申请 #%(n)s 待您审批"),
        body=_("%(requester)s 提交了用章申请 #%(n)s：%(purpose)s（%(items)s 项）。"),
        params={
            "n": req.pk,
            "requester": req.requester.label,
            "purpose": req.purpose,
            "items": req.items.count(),
        },
        key=f"{req.pk}:{req.submitted_at.isoformat()}",
        actor=actor,
    )


def request_decided(actor, req, action: str) -> None:
    notify(
        DECIDED,
        recipients=[req.requester],
        link=req.get_absolute_url(),
        subject=DECISIONS[action],
        body=_("审批人：%(decider)s。意见：%(comment)s"),
        params={"n": req.pk, "decider": actor.label, "comment": req.decision_comment or "—"},
        key=f"{req.pk}:{action}:{req.decided_at.isoformat()}",
        actor=actor,
    )


def impression_made(actor, impression) -> None:
    """Every use, physical or electronic: the seal's custodian and the requester are told."""
    item = impression.item
    body = (
        _(
            "%(actor)s 在《%(document)s》上%(mode)s %(count)s 次（已用 %(used)s / 批准 %(approved)s 次）。超出批准次数，原因：%(reason)s"
        )
        if impression.anomaly
        else _(
            "%(actor)s 在《%(document)s》上%(mode)s %(count)s 次（已用 %(used)s / 批准 %(approved)s 次）。"
        )
    )
    notify(
        IMPRESSION,
        recipients=[impression.seal.custodian, impression.requester],
        link=reverse("seals:request-detail", args=[impression.request_id]),
        subject=_("%(seal)s 用印 %(count)s 次（用章申请 #%(n)s）"),
        body=body,
        params={
            "seal": impression.seal.name,
            "count": impression.count,
            "n": impression.request_id,
            "actor": actor.label,
            "document": impression.document.title,
            "mode": SealRequestItem.Mode(impression.mode).label,
            "used": item.used,
            "approved": item.impressions,
            "reason": impression.reason or "—",
        },
        key=str(impression.pk),
        actor=actor,
    )


def _loan_params(loan) -> dict:
    return {
        "seal": loan.seal.name,
        "borrower": loan.borrower.label,
        "purpose": loan.purpose,
        "due": _when(loan.due_at),
    }


def loan_requested(actor, loan) -> None:
    notify(
        LOAN_REQUESTED,
        recipients=[*people_with_role(MANAGER), loan.seal.custodian],
        link=reverse("seals:loan-list"),
        subject=_("印章外借申请：%(seal)s"),
        body=_("%(borrower)s 申请外借“%(seal)s”，事由：%(purpose)s，应还：%(due)s。"),
        params=_loan_params(loan),
        key=str(loan.pk),
        actor=actor,
    )


def loan_decided(actor, loan, action: str) -> None:
    notify(
        LOAN_DECIDED,
        recipients=[loan.borrower],
        link=reverse("seals:loan-list"),
        subject=LOAN_DECISIONS[action],
        body=_("审批人：%(decider)s。意见：%(comment)s"),
        params={**_loan_params(loan), "decider": actor.label, "comment": loan.decision_comment or "—"},
        key=f"{loan.pk}:{action}",
        actor=actor,
    )


def loan_returned(actor, loan) -> None:
    notify(
        LOAN_RETURNED,
        recipients=[*people_with_role(MANAGER), loan.seal.custodian],
        link=reverse("seals:loan-list"),
        subject=_("印章已归还：%(seal)s"),
        body=_("“%(seal)s”已由 %(actor)s 登记归还（借用人：%(borrower)s，应还：%(due)s）。"),
        params={**_loan_params(loan), "actor": actor.label},
        key=str(loan.pk),
        actor=actor,
    )


def remind_overdue_loans(day=None) -> list[tuple]:
    """Seals out past their due time: the borrower, the custodian and the manager, once a day per loan.
    Returns [(loan, people told now)]."""
    told = []
    for loan in selectors.overdue_loans():
        messages = remind(
            LOAN_OVERDUE,
            item=str(loan.pk),
            recipients=[loan.borrower, loan.seal.custodian, *people_with_role(MANAGER)],
            link=reverse("seals:loan-list"),
            subject=_("印章逾期未还：%(seal)s"),
            body=_("%(borrower)s 外借的“%(seal)s”应于 %(due)s 归还，至今未还。"),
            params=_loan_params(loan),
            day=day,
        )
        told.append((loan, [m.recipient for m in messages]))
    return told
