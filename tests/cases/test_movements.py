"""A step waiting for an original's movement: what it says is missing, and the archive's check-out, return and
hand-over moving it on (archive's services, after their transaction commits)."""

import pytest

from archive import services as archive
from cases import services
from core.errors import Conflict
from tests.cases.conftest import step_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(manager, field, dossier, add_doc):
    """A one-step case: 抵押登记 with its receipt, the mortgage contract's original out to the authority and back."""
    template = services.create_template(manager, code="mortgage-reg", name="抵押登记", kind="mortgage", steps=[
        {"name": "抵押登记", "owner_role": "field_staff", "required_types": ["mortgage_receipt"],
         "movement": {"document": "mortgage_contract", "party": "housing_authority", "kind": "out_and_back"}},
        {"name": "放款", "owner_role": "field_staff"},
    ])  # fmt: skip
    return services.open_case(field, dossier, template)


def approve_along(req, manager, director):
    """The manager approves; the company seal's chain then waits for the marketing director (approval routing)."""
    from seals import services as seals

    req = seals.approve_request(manager, req)
    return seals.approve_request(director, req) if req.status == "submitted" else req


def _missing(field, step):
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, step)
    return exc.value.extra["missing"]


def test_the_movement_is_named_until_it_is_recorded(
    registration, field, clerk, dossier, add_doc, django_capture_on_commit_callbacks
):
    step = step_of(registration, 1)
    assert _missing(field, step) == ["要件“抵押登记受理回执”", "原件：案卷中没有登记“房地产抵押合同”的原件"]
    contract = add_doc(dossier, "mortgage_contract")
    original = archive.register_original(clerk, contract, kind="developer")
    add_doc(dossier, "mortgage_receipt")
    assert _missing(field, step) == ["原件：“房地产抵押合同”尚未借出至房管局（办完后归还）"]
    with django_capture_on_commit_callbacks(execute=True):
        archive.check_out_original(clerk, original, party_type="housing_authority", holder_name="不动产登记中心",
                                   purpose="抵押登记")  # fmt: skip
    assert step_of(registration, 1).status == "active"
    assert _missing(field, step) == ["原件：“房地产抵押合同”尚未从房管局归还"]
    with django_capture_on_commit_callbacks(execute=True):
        archive.return_original(clerk, original)
    done = step_of(registration, 1)
    assert (done.status, done.done_by) == ("done", clerk)
    assert step_of(registration, 2).status == "active"


def test_a_movement_to_another_party_does_not_count(registration, field, clerk, dossier, add_doc):
    original = archive.register_original(clerk, add_doc(dossier, "mortgage_contract"), kind="developer")
    add_doc(dossier, "mortgage_receipt")
    archive.check_out_original(clerk, original, party_type="bank", holder_name="建设银行", purpose="核对")
    archive.return_original(clerk, original)
    assert _missing(field, step_of(registration, 1)) == [
        "原件：“房地产抵押合同”尚未借出至房管局（办完后归还）"
    ]


def test_a_house_card_handed_over_to_the_authority(
    director,
    field,
    clerk,
    dossier,
    add_doc,
    template,
    active_seals,
    manager,
    pdf_bytes,
    django_capture_on_commit_callbacks,
):
    import io

    from seals import services as seals

    case = services.open_case(field, dossier, template("house_card"))
    card = add_doc(dossier, "house_card")
    services.complete_step(field, step_of(case, 1))
    services.complete_step(field, step_of(case, 2))
    req = services.request_seal(field, step_of(case, 3))
    assert {i.seal.kind for i in req.items.select_related("seal")} == {"company", "legal_rep"}
    seals.submit_request(field, req)
    approve_along(req, manager, director)
    for item in req.items.select_related("seal"):
        with django_capture_on_commit_callbacks(execute=True):
            seals.record_impressions(item.seal.custodian, item, count=1)
    assert step_of(case, 3).status == "done"
    original = archive.register_original(clerk, card, kind="housing_authority")
    assert _missing(field, step_of(case, 4)) == ["原件：“房卡”尚未移交房管局"]
    with django_capture_on_commit_callbacks(execute=True):
        archive.hand_over_original(clerk, original, receiver_name="房管局窗口", party_type="housing_authority",
                                   receipt_file=io.BytesIO(pdf_bytes))  # fmt: skip
    case.refresh_from_db()
    assert step_of(case, 4).status == "done" and case.status == "closed"
