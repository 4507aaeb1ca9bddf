"""Each event of the issue, sent from the use case that makes it, reaches the real SMTP server (and a group
robot) exactly once, and only the people it concerns."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import MANAGER
from archive import services as archive
from archive.models import Filing, Letter, Movement
from docstore.services import edit_locks
from notifications.models import GroupWebhook, Message
from seals import services as seals
from seals.models import SealLoan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CLERK, FIELD, MANAGER_MAIL = "wangfang@example.com", "lijun@example.com", "zhangwei@example.com"


def _to(smtp) -> list[str]:
    return sorted(m["to"] for m in smtp.mails)


@pytest.fixture
def manager2(db):
    return make_user("manager2", MANAGER, display_name="赵敏", email="zhaomin@example.com")


def test_a_submitted_request_reaches_its_approvers_once(
    people, manager2, make_request, smtp, robots, committed
):
    GroupWebhook.objects.create(
        group=Group.objects.get(name=MANAGER),
        channel="wecom",
        name="经理群",
        url=robots.url("/wecom/managers"),
        created_by=people["manager"],
    )
    req = make_request("draft")
    with committed():
        seals.submit_request(people["field"], req)
    assert _to(smtp) == [MANAGER_MAIL, "zhaomin@example.com"]
    mail = smtp.to(MANAGER_MAIL)[0]
    assert mail["subject"] == f"用章申请 #{req.pk} 待您审批"
    assert "李军 提交了用章申请" in mail["body"] and f"/seals/requests/{req.pk}/" in mail["body"]
    [post] = robots.on("/wecom/managers")
    assert f"用章申请 #{req.pk} 待您审批" in post["json"]["markdown"]["content"]


def test_a_managers_own_request_goes_to_the_other_approvers(people, manager2, make_request, smtp, committed):
    req = make_request("draft", requester=people["manager"])
    with committed():
        seals.submit_request(people["manager"], req)
    assert _to(smtp) == ["zhaomin@example.com"]


def test_a_request_submitted_again_after_return_is_a_new_event(people, make_request, smtp, committed):
    req = make_request("returned")
    with committed():
        seals.submit_request(people["field"], req)
    assert _to(smtp) == [MANAGER_MAIL]  # the first submission was not committed in this test; this one is
    assert Message.objects.filter(recipient=people["manager"], event="seal_request.submitted").count() == 2


@pytest.mark.parametrize(
    ("action", "subject"),
    [("approve", "已批准"), ("reject", "被驳回"), ("return", "被退回修改")],
)
def test_a_decision_reaches_the_requester(people, make_request, smtp, committed, action, subject):
    req = make_request("submitted")
    manager = people["manager"]
    with committed():
        if action == "approve":
            seals.approve_request(manager, req, comment="同意")
        elif action == "reject":
            seals.reject_request(manager, req, reason="资料不全")
        else:
            seals.return_request(manager, req, reason="请补充说明")
    [mail] = smtp.mails
    assert mail["to"] == FIELD and mail["subject"] == f"您的用章申请 #{req.pk} {subject}"
    assert "审批人：张伟" in mail["body"]


def test_a_seal_loan_and_its_return_reach_the_manager_and_the_custodian(people, seal, smtp, committed):
    field, manager = people["field"], people["manager"]
    with committed():
        loan = seals.request_seal_loan(
            field, seal, purpose="去银行面签", due_at=timezone.now() + timedelta(hours=4)
        )
    assert _to(smtp) == [CLERK, MANAGER_MAIL]  # the seal's custodian is the clerk
    assert smtp.mails[0]["subject"] == f"印章外借申请：{seal.name}"
    smtp.mails.clear()
    with committed():
        seals.approve_seal_loan(manager, loan)
    assert _to(smtp) == [FIELD]  # the decision: the borrower
    smtp.mails.clear()
    with committed():
        seals.return_seal(field, SealLoan.objects.get(pk=loan.pk))
    assert _to(smtp) == [CLERK, MANAGER_MAIL]
    assert smtp.mails[0]["subject"] == f"印章已归还：{seal.name}"


def test_every_impression_reaches_the_custodian_and_the_requester(people, make_request, smtp, committed):
    """Physical: the custodian records, the requester is told; electronic: the requester stamps, the custodian
    is told (nobody is told of their own action)."""
    physical = {"mode": "physical", "cross_page": False, "placements": [], "impressions": 1}
    req = make_request("approved", **physical)
    item = req.items.get()
    with committed():
        seals.record_impressions(people["clerk"], item, count=1)
    [mail] = smtp.mails
    assert mail["to"] == FIELD and "用印 1 次" in mail["subject"] and "实物用印" in mail["body"]
    smtp.mails.clear()
    with committed():  # past the approved count: an anomaly, with its reason in the message
        seals.record_impressions(people["clerk"], item, count=1, reason="客户要求加盖一份")
    assert "超出批准次数" in smtp.mails[0]["body"] and "客户要求加盖一份" in smtp.mails[0]["body"]

    smtp.mails.clear()
    electronic = make_request("approved")
    with committed():
        seals.stamp_item(people["field"], electronic.items.get())
    [mail] = smtp.mails
    assert mail["to"] == CLERK and "电子用印" in mail["body"]


def test_a_forced_check_in_reaches_the_former_holder(people, document, smtp, committed):
    edit_locks.lock_for_edit(people["clerk"], document)
    with committed():
        edit_locks.force_unlock(people["manager"], document, reason="王芳请假")
    [mail] = smtp.mails
    assert mail["to"] == CLERK and mail["subject"] == "您签出的文档已被强制签入"
    assert "张伟 强制签入了您签出的文档《商品房买卖合同 3-1502》。原因：王芳请假" in mail["body"]
    assert f"/documents/{document.pk}/" in mail["body"]


@pytest.fixture
def overdue_archive(people, original, document, new_document):
    clerk, field = people["clerk"], people["field"]
    movement = archive.check_out_original(
        clerk, original, party_type="colleague", holder=field, purpose="面签"
    )
    Movement.objects.filter(pk=movement.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    letter = archive.register_letter(
        clerk, direction="in", date=timezone.localdate(), counterparty="建设银行", subject="放款通知"
    )
    Letter.objects.filter(pk=letter.pk).update(reply_due=timezone.localdate() - timedelta(days=1))
    filing = archive.submit_filing(clerk, new_document("sales_contract"), kind="online_filing")
    Filing.objects.filter(pk=filing.pk).update(submitted_at=timezone.now() - timedelta(days=60))
    return {"movement": movement, "letter": letter, "filing": filing}


def test_archive_reminders_reach_the_holder_and_the_manager_once_a_day(
    overdue_archive, people, smtp, committed
):
    out = io.StringIO()
    with committed():
        call_command("archive_reminders", stdout=out)
    printed = out.getvalue()
    assert "original overdue:" in printed and "-> 李军, 张伟" in printed
    assert "reply overdue:" in printed and "filing not returned:" in printed
    assert "1 originals, 1 letters, 1 filings overdue" in printed
    subjects = {(m["to"], m["subject"].split("：")[0]) for m in smtp.mails}
    assert subjects == {
        (FIELD, "原件逾期未还"),  # the colleague holding it
        (MANAGER_MAIL, "原件逾期未还"),
        (CLERK, "联络函逾期未回复"),  # who registered the letter
        (MANAGER_MAIL, "联络函逾期未回复"),
        (CLERK, "备案原件未退回"),  # who submitted the filing
        (MANAGER_MAIL, "备案原件未退回"),
    }
    assert len(smtp.mails) == 6
    out = io.StringIO()
    with committed():  # the same day again: printed, not sent
        call_command("archive_reminders", stdout=out)
    assert len(smtp.mails) == 6 and "(already reminded today)" in out.getvalue()


def test_an_original_lent_outside_reminds_who_lent_it(people, original, smtp, committed):
    movement = archive.check_out_original(
        people["clerk"], original, party_type="bank", holder_name="建设银行", purpose="抵押登记"
    )
    Movement.objects.filter(pk=movement.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    with committed():
        call_command("archive_reminders", stdout=io.StringIO())
    assert _to(smtp) == [CLERK, MANAGER_MAIL]
    assert "建设银行 借用的原件" in smtp.to(CLERK)[0]["body"]


def test_seal_overdue_reminds_the_borrower_the_custodian_and_the_manager(people, seal, smtp, committed):
    loan = seals.approve_seal_loan(
        people["manager"],
        seals.request_seal_loan(
            people["field"], seal, purpose="面签", due_at=timezone.now() + timedelta(hours=1)
        ),
    )
    SealLoan.objects.filter(pk=loan.pk).update(due_at=timezone.now() - timedelta(hours=5))
    out = io.StringIO()
    with committed():
        call_command("seal_overdue", stdout=out, stderr=io.StringIO())
    assert "5 h late" in out.getvalue() and "-> 李军, 王芳, 张伟" in out.getvalue()
    assert (
        _to(smtp) == [FIELD, CLERK, MANAGER_MAIL] and smtp.mails[0]["subject"] == f"印章逾期未还：{seal.name}"
    )
    with committed():
        call_command("seal_overdue", stdout=out, stderr=io.StringIO())
    assert len(smtp.mails) == 3
