import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.audit_model import AuditEvent
from archive import services
from archive.models import Movement, Original
from core.errors import Conflict, Forbidden, InvalidInput

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _make_overdue(movement, days=3):
    Movement.objects.filter(pk=movement.pk).update(due_date=TODAY() - datetime.timedelta(days=days))


def test_register_via_api_and_several_per_document(api, clerk, document, box):
    client = api(clerk)
    for kind in ("customer", "developer", "bank", "housing_authority"):
        response = client.post(
            "/api/v1/originals/", {"document": document.pk, "kind": kind, "home": box.pk}, format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "in" and response.json()["holder"] == "档案室"
    assert client.get(f"/api/v1/originals/?document={document.pk}").json()["count"] == 4
    bad = client.post("/api/v1/originals/", {"document": document.pk, "kind": "spare"}, format="json")
    assert bad.status_code == 400


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_only_keepers_register(api, users, who, document):
    response = api(users[who]).post(
        "/api/v1/originals/", {"document": document.pk, "kind": "bank"}, format="json"
    )
    assert response.status_code == 403


def test_home_must_be_a_matching_box(clerk, record, box, new_document):
    with pytest.raises(InvalidInput):
        services.register_original(clerk, record.document, kind="bank", home=box.parent)
    other = services.file_document(clerk, new_document(), year=2024)
    with pytest.raises(InvalidInput) as exc:
        services.register_original(clerk, other.document, kind="bank", home=box)
    assert exc.value.code == "wrong_box"


def test_checkout_defaults_and_return_to_home(api, clerk, field, original, box):
    client = api(clerk)
    response = client.post(
        f"/api/v1/originals/{original.pk}/checkout",
        {"holder": field.username, "party_type": "colleague", "purpose": "送银行前核对"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_date"] == (TODAY() + datetime.timedelta(days=7)).isoformat()
    detail = client.get(f"/api/v1/originals/{original.pk}/").json()
    assert detail["status"] == "out" and detail["holder"] == "李军"
    again = client.post(
        f"/api/v1/originals/{original.pk}/checkout",
        {"holder": "建设银行", "party_type": "bank", "purpose": "x"},
        format="json",
    )
    assert again.status_code == 409 and again.json()["error"] == "already_out"
    returned = client.post(f"/api/v1/originals/{original.pk}/return", {"remarks": "完好"}, format="json")
    assert returned.status_code == 201
    detail = client.get(f"/api/v1/originals/{original.pk}/").json()
    assert detail["status"] == "in" and detail["home"] == box.pk
    assert [m["kind"] for m in detail["movements"]] == ["return", "checkout"]
    assert client.post(f"/api/v1/originals/{original.pk}/return", {}, format="json").status_code == 409


def test_external_default_is_30_days(clerk, original):
    movement = services.check_out_original(
        clerk, original, party_type="bank", holder_name="建设银行", purpose="放款审核"
    )
    assert movement.due_date == TODAY() + datetime.timedelta(days=30)


def test_settings_change_defaults(settings, clerk, original):
    settings.ARCHIVE_EXTERNAL_LOAN_DAYS = 10
    movement = services.check_out_original(
        clerk, original, party_type="notary", holder_name="公证处", purpose="公证"
    )
    assert movement.due_date == TODAY() + datetime.timedelta(days=10)


def test_checkout_bad_input(clerk, original):
    with pytest.raises(InvalidInput):
        services.check_out_original(clerk, original, party_type="bank", holder_name="", purpose="x")
    with pytest.raises(InvalidInput):
        services.check_out_original(clerk, original, party_type="bank", holder_name="建行", purpose="")
    with pytest.raises(InvalidInput):
        services.check_out_original(clerk, original, party_type="alien", holder_name="x", purpose="x")
    with pytest.raises(InvalidInput):
        services.check_out_original(
            clerk,
            original,
            party_type="bank",
            holder_name="建行",
            purpose="x",
            due_date=TODAY() - datetime.timedelta(1),
        )


@pytest.mark.parametrize("who", ["field", "outsider", "admin"])
def test_only_keepers_move_originals(users, who, original):
    with pytest.raises(Forbidden):
        services.check_out_original(users[who], original, party_type="bank", holder_name="建行", purpose="x")


def test_renew_counts_up_to_the_limit(api, clerk, original, settings):
    settings.ARCHIVE_RENEWAL_LIMIT = 2
    services.check_out_original(clerk, original, party_type="bank", holder_name="建行", purpose="审核")
    client = api(clerk)
    first = client.post(f"/api/v1/originals/{original.pk}/renew", {}, format="json")
    assert first.status_code == 201 and first.json()["renewals"] == 1
    assert first.json()["due_date"] == (TODAY() + datetime.timedelta(days=60)).isoformat()
    assert client.post(f"/api/v1/originals/{original.pk}/renew", {}, format="json").status_code == 201
    third = client.post(f"/api/v1/originals/{original.pk}/renew", {}, format="json")
    assert third.status_code == 409 and third.json()["error"] == "renewal_limit"


def test_renew_when_in_is_409(clerk, original):
    with pytest.raises(Conflict):
        services.renew_original_loan(clerk, original)


def test_return_with_missing_pages_needs_remarks(clerk, original):
    services.check_out_original(clerk, original, party_type="bank", holder_name="建行", purpose="审核")
    with pytest.raises(InvalidInput):
        services.return_original(clerk, original, pages_complete=False)
    event = services.return_original(clerk, original, pages_complete=False, remarks="缺第 3 页")
    assert event.pages_complete is False


def test_overdue_listing_and_block_with_manager_override(api, clerk, manager, field, original, document):
    second = services.register_original(clerk, document, kind="bank")
    movement = services.check_out_original(
        clerk, original, party_type="colleague", holder=field, purpose="核对"
    )
    _make_overdue(movement)
    listing = api(clerk).get("/api/v1/movements/?overdue=true").json()
    assert listing["count"] == 1 and listing["results"][0]["overdue"] is True
    assert api(clerk).get("/api/v1/movements/?overdue=false").json()["count"] == 0
    blocked = api(clerk).post(
        f"/api/v1/originals/{second.pk}/checkout",
        {"holder": field.username, "party_type": "colleague", "purpose": "再借"},
        format="json",
    )
    assert blocked.status_code == 409 and blocked.json()["error"] == "holder_overdue"
    with pytest.raises(InvalidInput):
        services.check_out_original(manager, second, party_type="colleague", holder=field, purpose="再借")
    ok = api(manager).post(
        f"/api/v1/originals/{second.pk}/checkout",
        {"holder": field.username, "party_type": "colleague", "purpose": "再借", "override_reason": "急用"},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["override_reason"] == "急用"
    assert AuditEvent.objects.filter(action="original.checked_out", details__override=True).exists()


def test_external_holder_overdue_blocks_too(clerk, original, document):
    second = services.register_original(clerk, document, kind="bank")
    _make_overdue(
        services.check_out_original(clerk, original, party_type="bank", holder_name="建设银行", purpose="x")
    )
    with pytest.raises(Conflict):
        services.check_out_original(clerk, second, party_type="bank", holder_name="建设银行", purpose="y")
    services.check_out_original(clerk, second, party_type="bank", holder_name="工商银行", purpose="y")


def test_handover_with_receipt(api, clerk, original, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api(clerk).post(
        f"/api/v1/originals/{original.pk}/handover",
        {"receiver_name": "陈明", "receipt": SimpleUploadedFile("receipt.pdf", pdf_bytes)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["receipt"] is not None
    original.refresh_from_db()
    assert original.status == Original.Status.HANDED_OVER
    again = api(clerk).post(
        f"/api/v1/originals/{original.pk}/checkout",
        {"holder": "x", "party_type": "bank", "purpose": "x"},
        format="json",
    )
    assert again.status_code == 409 and again.json()["error"] == "handed_over"
    missing = api(clerk).post(
        f"/api/v1/originals/{original.pk}/handover", {"receiver_name": "陈明"}, format="json"
    )
    assert missing.status_code in (400, 409)


def test_handover_needs_receipt(clerk, original):
    with pytest.raises(InvalidInput) as exc:
        services.hand_over_original(clerk, original, receiver_name="陈明")
    assert exc.value.code == "receipt_required"


def test_label_pdf_has_qr_code(api, clerk, original, record):
    response = api(clerk).get(f"/api/v1/originals/{original.pk}/label")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert record.archival_code in page.extract_text()
    assert list(page.images), "the label carries the QR image"


def test_qr_encodes_the_original_page(original):
    from PIL import Image

    from archive.pdfs import qr_png

    image = Image.open(io.BytesIO(qr_png(f"http://testserver/archive/originals/{original.pk}/")))
    assert image.size[0] > 50


def test_nav_counts(clerk, field, original):
    from archive.selectors import nav_counts

    _make_overdue(
        services.check_out_original(clerk, original, party_type="colleague", holder=field, purpose="x")
    )
    assert nav_counts(clerk) == {"originals_overdue": 1}
    assert nav_counts(field) == {"originals_overdue": 1}
