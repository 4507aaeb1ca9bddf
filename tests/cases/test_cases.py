"""Opening a case, completing, skipping and refusing steps, cancelling and moving: the services."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from cases import services
from cases.models import Case
from core.errors import Conflict, Forbidden, InvalidInput
from tests.cases.conftest import papers, step_of

pytestmark = pytest.mark.django_db


def test_opening_copies_the_steps_and_starts_the_first(mortgage, field):
    steps = list(mortgage.steps.order_by("number"))
    assert [s.name for s in steps] == [
        "资料收齐", "银行面签", "公证", "合同用章", "银行审批", "借款合同用章", "抵押登记", "放款", "通知财务",
        "他项权证", "保证金释放",
    ]  # fmt: skip
    assert [s.status for s in steps[:2]] == ["active", "waiting"]
    assert steps[0].due_at == timezone.localdate() + datetime.timedelta(days=7)
    assert (mortgage.current_number, mortgage.current_name, mortgage.owner) == (1, "资料收齐", field)
    # the release is expected after the due days of every step up to 放款
    assert mortgage.expected_release == timezone.localdate() + datetime.timedelta(
        days=7 + 7 + 7 + 3 + 15 + 3 + 15 + 15
    )
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(mortgage.pk)).count() == 1


@pytest.mark.parametrize(("who", "code"), [("clerk", "commercial_loan"), ("field", "online_filing"),
                                           ("field", "unit_return"), ("outsider", "house_card")])  # fmt: skip
def test_opening_is_refused_to_the_wrong_role(users, dossier, template, who, code):
    with pytest.raises(Forbidden):
        services.open_case(users[who], dossier, template(code))
    assert not Case.objects.exists()


def test_the_owner_must_hold_the_role(manager, clerk, dossier, template):
    with pytest.raises(InvalidInput) as exc:
        services.open_case(manager, dossier, template("commercial_loan"), owner=clerk)
    assert exc.value.code == "bad_owner"


def test_a_second_open_case_of_the_same_template_is_refused(mortgage, field, dossier, template):
    with pytest.raises(Conflict) as exc:
        services.open_case(field, dossier, template("commercial_loan"))
    assert exc.value.code == "duplicate_case" and "3-1502" in str(exc.value.detail)


def test_an_inactive_template_opens_nothing(manager, field, dossier, template):
    services.update_template(manager, template("house_card"), is_active=False)
    with pytest.raises(Conflict) as exc:
        services.open_case(field, dossier, template("house_card"))
    assert exc.value.code == "template_inactive"


def test_details_belong_to_applications_only(field, dossier, template):
    with pytest.raises(InvalidInput):
        services.open_case(field, dossier, template("commercial_loan"), details={"reason": "x"})


def test_the_refusal_names_every_missing_document(mortgage, field, add_doc, dossier):
    add_doc(dossier, "sales_contract")
    add_doc(dossier, "id_document")
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(mortgage, 1))
    assert exc.value.status == 409 and exc.value.code == "missing"
    assert str(exc.value.detail) == (
        "还不能完成第 1 步“资料收齐”，缺少：要件“婚姻证明”；要件“收入证明”；要件“银行流水”；要件“首付款收据”。"
    )
    assert exc.value.extra["missing"] == [
        "要件“婚姻证明”",
        "要件“收入证明”",
        "要件“银行流水”",
        "要件“首付款收据”",
    ]
    assert step_of(mortgage, 1).status == "active"


def test_completing_moves_the_case_on(mortgage, field, add_doc, dossier):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1), note="资料已核对")
    first, second = step_of(mortgage, 1), step_of(mortgage, 2)
    assert (first.status, first.done_by, first.note, first.data) == ("done", field, "资料已核对",
                                                                      {})  # fmt: skip
    assert second.status == "active" and second.due_at == timezone.localdate() + datetime.timedelta(days=7)
    case = Case.objects.get(pk=mortgage.pk)
    assert (case.current_number, case.current_name, case.status) == (2, "银行面签", "open")
    event = AuditEvent.objects.get(action="case.step_completed")
    assert event.details["step"] == 1 and event.details["name"] == "资料收齐"


def test_recorded_values_and_the_milestone_date(mortgage, field, add_doc, dossier):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    day = timezone.localdate() - datetime.timedelta(days=2)
    services.complete_step(field, step_of(mortgage, 2),
                           data={"date": day.isoformat(), "bank": "建设银行", "place": "城南支行"})  # fmt: skip
    assert step_of(mortgage, 2).data == {"date": day.isoformat(), "bank": "建设银行", "place": "城南支行"}
    assert Case.objects.get(pk=mortgage.pk).milestones == {"signing": day.isoformat()}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"colour": "red"}, "bad_value"),
        ({"date": "2026-13-40"}, "bad_value"),
        ({"date": "2999-01-01"}, "bad_value"),
    ],
)
def test_bad_values_are_refused(mortgage, field, add_doc, dossier, data, code):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    with pytest.raises(InvalidInput) as exc:
        services.complete_step(field, step_of(mortgage, 2), data=data)
    assert exc.value.code == code
    assert step_of(mortgage, 2).status == "active"


@pytest.mark.parametrize("who", ["clerk", "manager", "outsider"])
def test_a_field_step_is_done_by_field_staff_only(mortgage, users, add_doc, dossier, who):
    papers(add_doc, dossier)
    with pytest.raises(Forbidden) as exc:
        services.complete_step(users[who], step_of(mortgage, 1))
    assert "外勤" in str(exc.value.detail)


def test_another_field_staff_member_may_help(mortgage, field2, add_doc, dossier):
    papers(add_doc, dossier)
    services.complete_step(field2, step_of(mortgage, 1))
    assert step_of(mortgage, 1).done_by == field2


def test_a_waiting_step_names_the_step_before(mortgage, field):
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(mortgage, 3))
    assert exc.value.code == "not_current"
    assert str(exc.value.detail) == "第 3 步“公证”尚未开始：请先完成第 1 步“资料收齐”。"


def test_a_done_step_is_not_done_twice(mortgage, field, add_doc, dossier):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(mortgage, 1))
    assert exc.value.code == "step_done"


def test_an_optional_step_is_skipped_with_a_reason(mortgage, field, add_doc, dossier):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    services.complete_step(field, step_of(mortgage, 2))
    with pytest.raises(InvalidInput):
        services.skip_step(field, step_of(mortgage, 3), reason=" ")
    services.skip_step(field, step_of(mortgage, 3), reason="银行不要求公证")
    assert step_of(mortgage, 3).status == "skipped" and step_of(mortgage, 3).note == "银行不要求公证"
    assert Case.objects.get(pk=mortgage.pk).current_name == "合同用章"


def test_a_required_step_is_not_skipped(mortgage, field, manager):
    with pytest.raises(Conflict) as exc:
        services.skip_step(field, step_of(mortgage, 1), reason="不需要")
    assert exc.value.code == "not_optional"
    with pytest.raises(Forbidden):
        services.skip_step(manager, step_of(mortgage, 1), reason="不需要")


def test_the_last_step_closes_the_case(tiny_template, field, dossier):
    case = services.open_case(field, dossier, tiny_template)
    services.complete_step(field, step_of(case, 1))
    services.complete_step(field, step_of(case, 2))
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and case.closed_at is not None and case.current_number is None
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(case, 2))
    assert exc.value.code == "case_closed"


def test_the_manager_cancels_with_a_reason(mortgage, manager, field):
    with pytest.raises(Forbidden):
        services.cancel_case(field, mortgage, reason="客户放弃")
    with pytest.raises(InvalidInput):
        services.cancel_case(manager, mortgage, reason="")
    services.cancel_case(manager, mortgage, reason="客户放弃贷款")
    case = Case.objects.get(pk=mortgage.pk)
    assert (case.status, case.cancel_reason, case.current_due) == ("cancelled", "客户放弃贷款", None)
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(case, 1))
    assert exc.value.code == "case_cancelled" and "客户放弃贷款" in str(exc.value.detail)
    with pytest.raises(Conflict):
        services.cancel_case(manager, case, reason="再次")


def test_moving_a_case_leaves_one_trace(mortgage, manager, field, other_dossier):
    with pytest.raises(Forbidden):
        services.move_case(field, mortgage, other_dossier, reason="调房")
    with pytest.raises(InvalidInput):
        services.move_case(manager, mortgage, mortgage.dossier, reason="调房")
    services.move_case(manager, mortgage, other_dossier, reason="调房")
    case = Case.objects.get(pk=mortgage.pk)
    assert case.dossier == other_dossier and case.moves.get().from_dossier.unit == "1502"
    event = AuditEvent.objects.get(action="case.moved")
    assert event.details["from_dossier"].endswith("3-1502") and event.details["to_dossier"].endswith("3-1601")
