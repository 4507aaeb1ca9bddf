"""Templates as data: the seeded ones, the manager's edits, and a template edit never breaking a running case."""

import pytest

from accounts.models import AuditEvent
from cases import services
from cases.models import CaseTemplate
from core.errors import Conflict, Forbidden, InvalidInput
from tests.cases.conftest import papers, step_of

pytestmark = pytest.mark.django_db

SEEDED = {
    "commercial_loan": ["资料收齐", "银行面签", "公证", "合同用章", "银行审批", "借款合同用章", "抵押登记", "放款",
                        "通知财务", "他项权证", "保证金释放"],
    "provident_loan": ["资料收齐", "公积金资格审核", "银行面签", "公证", "合同用章", "公积金中心审批", "借款合同用章",
                       "抵押登记", "放款", "通知财务", "他项权证", "保证金释放"],
    "house_card": ["抽卡", "客户签字", "公章及法人章", "交回房管局"],
    "online_filing": ["网上备案", "取得备案号", "打印备案合同", "归档"],
    "discount_approval": ["经理审批", "归档"],
    "unit_return": ["经理审批", "归档"],
    "unit_change": ["经理审批", "归档"],
    "deferred_payment": ["经理审批", "归档"],
}  # fmt: skip


def test_the_seeded_templates_and_their_steps():
    for code, names in SEEDED.items():
        template = CaseTemplate.objects.get(code=code)
        assert [s.name for s in template.steps.order_by("number")] == names, code
    loan = CaseTemplate.objects.get(code="commercial_loan").steps
    assert loan.get(name="合同用章").seal["seals"] == ["contract", "company", "legal_rep"]
    assert loan.get(name="借款合同用章").seal["cross_page"] is True
    assert loan.get(name="抵押登记").movement == {
        "document": "mortgage_contract", "party": "housing_authority", "kind": "out_and_back"}  # fmt: skip
    assert loan.get(name="公证").optional and loan.get(name="放款").effect == "loan_release"
    assert CaseTemplate.objects.get(code="unit_return").steps.get(number=1).effect == "return_unit"


STEPS = [{"name": "收资料", "owner_role": "field_staff", "required_types": ["id_document"], "due_days": 5}]


def test_the_manager_creates_and_edits_a_template(manager):
    template = services.create_template(manager, code="pledge", name="抵押变更", kind="mortgage", steps=STEPS)
    assert (template.version, template.steps.get().required_types) == (1, ["id_document"])
    services.update_template(manager, template, name="抵押变更登记", steps=[*STEPS, {"name": "登记", "owner_role":
                             "field_staff", "movement": {"document": "mortgage_contract", "party": "housing_authority"}}])  # fmt: skip
    template.refresh_from_db()
    assert template.version == 2 and template.name == "抵押变更登记"
    assert template.steps.get(number=2).movement["kind"] == "out_and_back"
    assert AuditEvent.objects.get(action="case_template.changed").details["fields"] == ["name", "steps"]
    services.update_template(manager, template, name="抵押变更登记")  # the same: no new version
    template.refresh_from_db()
    assert template.version == 2


@pytest.mark.parametrize("who", ["clerk", "field", "outsider"])
def test_only_the_manager_edits_templates(users, who, template):
    with pytest.raises(Forbidden):
        services.create_template(users[who], code="x", name="x", kind="mortgage", steps=STEPS)
    with pytest.raises(Forbidden):
        services.update_template(users[who], template("house_card"), name="改")


@pytest.mark.parametrize(
    "steps",
    [[], [{"name": "", "owner_role": "clerk"}], [{"name": "a", "owner_role": "boss"}],
     [{"name": "a", "owner_role": "clerk", "required_types": ["passport"]}],
     [{"name": "a", "owner_role": "clerk", "fields": ["colour"]}],
     [{"name": "a", "owner_role": "clerk", "effect": "decision"}],
     [{"name": "a", "owner_role": "clerk", "seal": {"seals": ["moon"], "documents": ["sales_contract"]}}],
     [{"name": "a", "owner_role": "clerk", "seal": {"seals": ["company"], "documents": []}}],
     [{"name": "a", "owner_role": "clerk", "movement": {"document": "sales_contract", "party": "mars"}}],
     [{"name": "a", "owner_role": "clerk", "due_days": 9999}], ["not a step"]],
)  # fmt: skip
def test_bad_steps_are_refused(manager, steps):
    with pytest.raises(InvalidInput):
        services.create_template(manager, code="bad", name="坏模板", kind="filing", steps=steps)
    assert not CaseTemplate.objects.filter(code="bad").exists()


def test_codes_are_unique_and_plain(manager):
    with pytest.raises(Conflict) as exc:
        services.create_template(manager, code="house_card", name="房卡二", kind="house_card", steps=STEPS)
    assert exc.value.code == "duplicate_code"
    with pytest.raises(InvalidInput):
        services.create_template(manager, code="房卡", name="房卡二", kind="house_card", steps=STEPS)


def test_a_template_edit_never_breaks_a_running_case(mortgage, manager, field, add_doc, dossier, template):
    """The manager drops 资料收齐's requirements and renames and removes steps: the running case keeps the steps
    it copied (and still needs its papers); a case opened afterwards gets the new steps."""
    loan = template("commercial_loan")
    services.update_template(manager, loan, steps=[
        {"name": "面签", "owner_role": "field_staff"}, {"name": "放款", "owner_role": "field_staff"}])  # fmt: skip
    mortgage.refresh_from_db()
    assert mortgage.template_version == 1 and mortgage.steps.count() == 11
    assert step_of(mortgage, 1).name == "资料收齐" and len(step_of(mortgage, 1).required_types) == 6
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    mortgage.refresh_from_db()
    assert mortgage.current_name == "银行面签"
    services.cancel_case(manager, mortgage, reason="重新开办")
    fresh = services.open_case(field, dossier, loan)
    assert fresh.template_version == 2 and [s.name for s in fresh.steps.order_by("number")] == [
        "面签",
        "放款",
    ]
