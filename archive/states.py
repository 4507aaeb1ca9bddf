"""The archive's state machines: originals (and so their movements), archive records, filings, disposal batches
and liaison letters, one table each (core.states).

The services call `check(obj, action)` before they change a state; the pages show `allowed_actions(user, obj)`.
An original's movements have no state of their own: each action of the original's table writes one movement
of that kind (check-out, renew, return, hand-over), and the open check-out is the original's `current_movement`.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive import permissions
from archive.models import ArchiveRecord, DisposalBatch, Filing, Letter, Original
from core.errors import Conflict
from core.states import StateMachine, T


def _keeper(user, obj) -> bool:
    return permissions.can_keep(user)


def _manager(user, obj) -> bool:
    return permissions.is_manager(user)


# Originals: in the archive, out (checked out, renewed), back in; handed over for good.
OS = Original.Status


def _original_refusal(original, transition):
    if transition.action == "check_out":
        if original.status == OS.OUT:
            return Conflict(
                gettext("该原件已借出（%(who)s），归还后才能再借。")
                % {"who": original.current_movement.holder_label},
                code="already_out",
            )
        return Conflict(gettext("该原件已移交，不在档案室。"), code="handed_over")
    if transition.action == "hand_over":
        return Conflict(gettext("该原件已移交。"), code="handed_over")
    return Conflict(gettext("该原件未借出。"), code="not_out")


ORIGINAL = StateMachine(
    "original",
    states=Original.Status,
    initial=(OS.IN,),
    transitions=[
        T("check_out", {OS.IN}, OS.OUT, guard=_keeper, label=_("借出")),
        T("renew", {OS.OUT}, OS.OUT, guard=_keeper, label=_("续借")),
        T("return", {OS.OUT}, OS.IN, guard=_keeper, label=_("归还")),
        T("hand_over", {OS.IN, OS.OUT}, OS.HANDED_OVER, guard=_keeper, label=_("移交")),
    ],
    services={
        "check_out": "archive.services.check_out_original",
        "renew": "archive.services.renew_original_loan",
        "return": "archive.services.return_original",
        "hand_over": "archive.services.hand_over_original",
    },
    refusal=_original_refusal,
)


# Archive records: filed, with their metadata locked (corrections, shelving, the retention trigger), disposed.
AS = ArchiveRecord.Status


def _record_refusal(record, transition):
    if transition.action == "correct":
        return Conflict(gettext("已销毁的档案不能更正。"), code="disposed")
    if transition.action == "place":
        return Conflict(gettext("已销毁的档案不能上架。"), code="disposed")
    return None


RECORD = StateMachine(
    "archive_record",
    states=ArchiveRecord.Status,
    initial=(AS.FILED,),
    transitions=[
        T("correct", {AS.FILED}, AS.FILED, guard=_manager, label=_("更正著录项（经理）")),
        T("place", {AS.FILED}, AS.FILED, guard=_keeper, label=_("放入档案盒")),
        # A batch use case: records no longer filed are left out rather than refused.
        T("set_trigger", {AS.FILED}, AS.FILED, guard=_keeper, label=_("保管期限起算事件")),
        T("dispose", {AS.FILED}, AS.DISPOSED, guard=_manager, label=_("批准销毁")),
    ],
    services={
        "correct": "archive.services.correct_record",
        "place": "archive.services.place_in_box",
        "set_trigger": "archive.services.set_retention_trigger",
        "dispose": "archive.services.approve_disposal",
    },
    refusal=_record_refusal,
)


# Filings with the housing authority (备案): submitted, accepted or rejected; the original comes back.
FS = Filing.Status


def _filing_staff(user, filing) -> bool:
    return permissions.can_file_with_authority(user)


def _filing_refusal(filing, transition):
    return Conflict(
        gettext("备案状态为“%(s)s”，不能改为“%(t)s”。")
        % {"s": Filing.Status(filing.status).label, "t": Filing.Status(transition.target).label},
        code="bad_transition",
    )


FILING = StateMachine(
    "filing",
    states=Filing.Status,
    initial=(FS.SUBMITTED,),
    transitions=[
        T("accept", {FS.SUBMITTED}, FS.ACCEPTED, guard=_filing_staff, label=_("受理")),
        T("reject", {FS.SUBMITTED}, FS.REJECTED, guard=_filing_staff, label=_("驳回")),
        T("return", {FS.ACCEPTED}, FS.RETURNED, guard=_filing_staff, label=_("原件已退回")),
    ],
    services={
        "accept": "archive.services.accept_filing",
        "reject": "archive.services.reject_filing",
        "return": "archive.services.return_filing",
    },
    refusal=_filing_refusal,
)


# Disposal batches: proposed, then approved by a manager who did not propose it, or rejected.
DS = DisposalBatch.Status


def _disposal_decider(user, batch) -> bool:
    return permissions.is_manager(user) and batch.proposed_by_id != user.pk


def _disposal_refusal(batch, transition):
    return Conflict(gettext("该销毁清册已处理。"), code="bad_transition")


DISPOSAL = StateMachine(
    "disposal_batch",
    states=DisposalBatch.Status,
    initial=(DS.PROPOSED,),
    transitions=[
        T("approve", {DS.PROPOSED}, DS.APPROVED, guard=_disposal_decider, label=_("批准销毁")),
        T("reject", {DS.PROPOSED}, DS.REJECTED, guard=_manager, label=_("驳回")),
    ],
    services={
        "approve": "archive.services.approve_disposal",
        "reject": "archive.services.reject_disposal",
    },
    refusal=_disposal_refusal,
)


# Liaison letters: open, replied to (by registering the reply), closed.
LS = Letter.Status


def _letter_refusal(letter, transition):
    if transition.action == "reply":
        return Conflict(gettext("所答复的函件已办结。"), code="closed")
    return Conflict(gettext("该函件已办结。"), code="closed")


LETTER = StateMachine(
    "letter",
    states=Letter.Status,
    initial=(LS.OPEN,),
    transitions=[
        T("reply", {LS.OPEN, LS.REPLIED}, LS.REPLIED, guard=_keeper, label=_("登记回函")),
        T("close", {LS.OPEN, LS.REPLIED}, LS.CLOSED, guard=_keeper, label=_("办结")),
    ],
    services={
        "reply": "archive.services.register_letter",
        "close": "archive.services.close_letter",
    },
    refusal=_letter_refusal,
)
