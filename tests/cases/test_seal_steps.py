"""A step's seal use: the request filled from the step, and stamping or recording the impressions moving the
step on (through the real seals services, after their transaction commits)."""

import pytest

from accounts.models import AuditEvent
from cases import services
from cases.models import Case
from core.errors import Conflict, Forbidden
from seals import services as seals
from seals.models import SealRequest
from tests.cases.conftest import papers, step_of

pytestmark = pytest.mark.django_db
CONTRACTS = ("sales_contract", "mortgage_contract", "mortgage_registration")


@pytest.fixture
def at_seal_step(mortgage, field, add_doc, dossier):
    """The commercial loan at 合同用章, its three contracts in the dossier."""
    papers(add_doc, dossier)
    add_doc(dossier, "mortgage_contract")
    add_doc(dossier, "mortgage_registration")
    services.complete_step(field, step_of(mortgage, 1))
    services.complete_step(field, step_of(mortgage, 2))
    services.skip_step(field, step_of(mortgage, 3), reason="无需公证")
    return step_of(mortgage, 4)


def approve_along(req, manager, director):
    """The manager approves; the company seal's chain then waits for the marketing director (approval routing)."""
    req = seals.approve_request(manager, req)
    return seals.approve_request(director, req) if req.status == "submitted" else req


def test_the_request_is_filled_from_the_step(at_seal_step, field, active_seals, dossier):
    req = services.request_seal(field, at_seal_step)
    items = list(req.items.select_related("seal", "version__document__doc_type").order_by("position"))
    assert (req.requester, req.dossier, req.status, req.recipient) == (
        field,
        dossier,
        "draft",
        "housing_authority",
    )
    assert "合同用章" in req.purpose and "3-1502" in req.purpose
    # every document of the three types (its current version) with each of the three seals
    got = {(i.version.document.doc_type.code, i.seal.kind) for i in items}
    assert got == {(code, kind) for code in CONTRACTS for kind in ("contract", "company", "legal_rep")}
    assert all(i.version_id == i.version.document.current_version_id and i.mode == "physical" for i in items)
    assert step_of(at_seal_step.case, 4).seal_request == req
    assert AuditEvent.objects.filter(action="case.seal_requested").count() == 1


def test_the_seal_use_is_missing_until_stamped(at_seal_step, field, active_seals):
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, at_seal_step)
    assert exc.value.extra["missing"] == ["用章：尚未申请用章"]
    req = services.request_seal(field, at_seal_step)
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(at_seal_step.case, 4))
    assert exc.value.extra["missing"] == [f"用章：用章申请 #{req.pk} 当前为“草稿”，尚未用印"]


def test_a_second_request_is_refused_until_the_first_is_withdrawn(at_seal_step, field, active_seals):
    first = services.request_seal(field, at_seal_step)
    with pytest.raises(Conflict) as exc:
        services.request_seal(field, step_of(at_seal_step.case, 4))
    assert exc.value.code == "already_requested"
    seals.withdraw_request(field, first)
    second = services.request_seal(field, step_of(at_seal_step.case, 4))
    assert second.pk != first.pk


def test_the_documents_must_be_there(mortgage, field, add_doc, dossier, active_seals):
    papers(add_doc, dossier)
    services.complete_step(field, step_of(mortgage, 1))
    services.complete_step(field, step_of(mortgage, 2))
    services.skip_step(field, step_of(mortgage, 3), reason="无需公证")
    with pytest.raises(Conflict) as exc:
        services.request_seal(field, step_of(mortgage, 4))
    assert exc.value.code == "missing" and "房地产抵押合同" in str(exc.value.detail)
    assert not SealRequest.objects.exists()


def test_an_active_seal_of_each_kind_is_needed(at_seal_step, field, manager, active_seals):
    seals.change_seal_status(manager, active_seals["legal_rep"], to_status="suspended", reason="年检")
    with pytest.raises(Conflict) as exc:
        services.request_seal(field, at_seal_step)
    assert exc.value.code == "no_active_seal" and "法人章" in str(exc.value.detail)


def test_only_the_step_owner_asks_and_only_for_a_seal_step(
    at_seal_step, clerk, field, active_seals, mortgage
):
    with pytest.raises(Forbidden):
        services.request_seal(clerk, at_seal_step)
    with pytest.raises(Conflict) as exc:
        services.request_seal(field, step_of(mortgage, 5))
    assert exc.value.code == "not_current"


def test_recording_the_impressions_moves_the_step_on(
    director, at_seal_step, field, manager, clerk, active_seals, django_capture_on_commit_callbacks
):
    req = services.request_seal(field, at_seal_step)
    seals.submit_request(field, req)
    approve_along(req, manager, director)
    items = list(req.items.select_related("seal"))
    for item in items[:-1]:
        with django_capture_on_commit_callbacks(execute=True):
            seals.record_impressions(clerk, item, count=1)
    assert step_of(at_seal_step.case, 4).status == "active"  # one item still unused: partly stamped
    with django_capture_on_commit_callbacks(execute=True):
        seals.record_impressions(clerk, items[-1], count=1)
    step = step_of(at_seal_step.case, 4)
    assert (step.status, step.done_by) == ("done", clerk)
    assert Case.objects.get(pk=at_seal_step.case_id).current_name == "银行审批"
    event = AuditEvent.objects.get(action="case.step_advanced")
    assert event.details["trigger"] == f"seal_request:{req.pk}" and event.actor == clerk


def test_electronic_stamping_moves_the_step_on(
    director, manager, field, clerk, dossier, add_doc, active_seals, django_capture_on_commit_callbacks
):
    template = services.create_template(manager, code="loan-seal", name="借款合同电子用章", kind="mortgage", steps=[
        {"name": "借款合同用章", "owner_role": "field_staff", "seal": {
            "seals": ["company"], "documents": ["loan_contract"], "cross_page": True, "impressions": 2,
            "recipient": "bank", "mode": "electronic"}},
        {"name": "交银行", "owner_role": "field_staff"},
    ])  # fmt: skip
    add_doc(dossier, "loan_contract")
    case = services.open_case(field, dossier, template)
    req = services.request_seal(field, step_of(case, 1))
    item = req.items.get()
    assert (item.mode, item.cross_page, item.impressions) == ("electronic", True, 2)
    seals.submit_request(field, req)
    approve_along(req, manager, director)
    with django_capture_on_commit_callbacks(execute=True):
        seals.stamp_item(field, item)
    assert step_of(case, 1).status == "done" and step_of(case, 2).status == "active"


def test_a_stamping_does_not_move_a_step_that_lacks_something_else(
    director, manager, field, clerk, dossier, add_doc, active_seals, django_capture_on_commit_callbacks
):
    template = services.create_template(manager, code="seal-and-receipt", name="用章并取回执", kind="mortgage", steps=[
        {"name": "用章", "owner_role": "field_staff", "required_types": ["mortgage_receipt"], "seal": {
            "seals": ["company"], "documents": ["loan_contract"], "impressions": 1}},
    ])  # fmt: skip
    add_doc(dossier, "loan_contract")
    case = services.open_case(field, dossier, template)
    req = services.request_seal(field, step_of(case, 1))
    seals.submit_request(field, req)
    approve_along(req, manager, director)
    with django_capture_on_commit_callbacks(execute=True):
        seals.record_impressions(clerk, req.items.get(), count=1)
    assert step_of(case, 1).status == "active"
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step_of(case, 1))
    assert exc.value.extra["missing"] == ["要件“抵押登记受理回执”"]
    add_doc(dossier, "mortgage_receipt")
    services.complete_step(field, step_of(case, 1))
    assert Case.objects.get(pk=case.pk).status == "closed"
