"""Customer applications: the clerk's form with the scan, the manager's decision (never on their own), filing;
an approved 退房 closes the unit's other cases, an approved 调房 moves them to the new unit."""

import io

import pytest

from accounts.models import AuditEvent
from archive.models import ArchiveRecord
from cases import services
from cases.models import Case
from core.errors import Forbidden, InvalidInput
from tests.cases.conftest import step_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def apply(clerk, dossier, template, pdf_bytes):
    def submit(code, actor=None, **details):
        return services.submit_application(
            actor or clerk, dossier, template(code), scan=io.BytesIO(pdf_bytes), filename="申请表.pdf",
            details={"reason": "客户申请", **details},
        )  # fmt: skip

    return submit


def test_the_form_stores_the_scan_and_opens_the_case(apply, clerk, dossier):
    case = apply("discount_approval", amount="20000")
    scan = dossier.documents.get(doc_type__code="discount_approval")
    assert case.details == {"reason": "客户申请", "amount": "20000.00", "scan": scan.pk}
    assert (case.kind, case.owner, case.current_name, case.current_role) == ("application", clerk, "经理审批",
                                                                             "manager")  # fmt: skip


def test_the_decision_and_the_filing(apply, manager, clerk, field):
    case = apply("deferred_payment", until="2099-06-30")
    with pytest.raises(InvalidInput) as exc:
        services.complete_step(manager, step_of(case, 1))
    assert exc.value.code == "decision_required"
    services.complete_step(manager, step_of(case, 1), data={"decision": "rejected", "comment": "不符合条件"})
    case.refresh_from_db()
    assert case.details["decision"] == "rejected" and case.current_name == "归档"
    with pytest.raises(Forbidden):
        services.complete_step(field, step_of(case, 2))
    services.complete_step(clerk, step_of(case, 2))
    case.refresh_from_db()
    assert case.status == "closed"
    record = ArchiveRecord.objects.get(document_id=case.details["scan"])
    assert record.archival_code.startswith("Q001-WS·")


def test_nobody_decides_their_own_application(apply, manager):
    case = apply("discount_approval", actor=manager)
    with pytest.raises(Forbidden) as exc:
        services.complete_step(manager, step_of(case, 1), data={"decision": "approved"})
    assert exc.value.code == "own_application"


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_applications_are_submitted_by_the_clerk(apply, users, who):
    with pytest.raises(Forbidden):
        apply("unit_return", actor=users[who])
    assert not Case.objects.exists()


def test_a_scan_and_a_reason_are_needed(clerk, dossier, template, pdf_bytes):
    with pytest.raises(InvalidInput) as exc:
        services.submit_application(clerk, dossier, template("unit_return"), scan=None, filename="",
                                    details={"reason": "退房"})  # fmt: skip
    assert exc.value.code == "scan_required"
    with pytest.raises(InvalidInput) as exc:
        services.submit_application(clerk, dossier, template("unit_return"), scan=io.BytesIO(pdf_bytes),
                                    filename="a.pdf", details={})  # fmt: skip
    assert exc.value.code == "reason_required"
    assert not dossier.documents.exists()  # nothing stored for a refused form


def test_an_approved_unit_return_cancels_the_units_other_cases(
    apply, mortgage, manager, field, dossier, template
):
    house_card = services.open_case(field, dossier, template("house_card"))
    case = apply("unit_return")
    services.complete_step(manager, step_of(case, 1), data={"decision": "approved", "comment": "同意退房"})
    for other in (mortgage, house_card):
        other.refresh_from_db()
        assert other.status == "cancelled" and other.cancel_reason == f"退房申请 #{case.pk} 已批准"
    case.refresh_from_db()
    assert case.status == "open" and case.current_name == "归档"
    assert AuditEvent.objects.filter(action="case.cancelled").count() == 2


def test_a_rejected_unit_return_cancels_nothing(apply, mortgage, manager):
    case = apply("unit_return")
    services.complete_step(manager, step_of(case, 1), data={"decision": "rejected"})
    mortgage.refresh_from_db()
    assert mortgage.status == "open"


def test_a_unit_change_needs_the_new_unit(apply, other_dossier):
    with pytest.raises(InvalidInput) as exc:
        apply("unit_change")
    assert exc.value.code == "target_required"
    case = apply("unit_change", target_dossier=other_dossier.pk)
    assert case.details["target_dossier"] == other_dossier.pk and case.details["target_label"].endswith(
        "3-1601"
    )


def test_an_approved_unit_change_moves_the_cases_and_both_timelines_show_it(
    apply, mortgage, manager, dossier, other_dossier, web, clerk
):
    case = apply("unit_change", target_dossier=other_dossier.pk)
    services.complete_step(manager, step_of(case, 1), data={"decision": "approved"})
    mortgage.refresh_from_db()
    assert mortgage.dossier == other_dossier and mortgage.status == "open"
    case.refresh_from_db()
    assert case.dossier == dossier  # the application stays with the unit it was made for
    client = web(clerk)
    for unit in (dossier, other_dossier):
        html = client.get(f"/dossiers/{unit.pk}/timeline/").content.decode()
        assert "业务转移（调房）" in html and "3-1502 → 锦绣花园 3-1601" in html
