"""Hostile and odd API input is a clear 4xx with the JSON error shape, never a 500 (issue 9.7).

One test per distinct 5xx that fuzzing found (the issue's list, then tests/test_api_fuzz.py): each sends the
input that broke the server and checks what the caller reads back."""

import datetime
import io

import pytest
from django.utils import timezone

from archive import services as archive
from tests.conftest import upload
from tests.workbench.builders import build_trail, make_active_seal

pytestmark = pytest.mark.django_db
PAST_64_BITS = "99999999999999999999"


def error_of(response, status: int) -> dict:
    """The body of an error response with this status: always {"error": code, "detail": text}."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def seal(manager, clerk):
    return make_active_seal(manager, clerk)


@pytest.fixture
def trail(clerk, field, manager, dossier, document, seal):
    return build_trail(clerk, field, manager, dossier, document, seal)


@pytest.fixture
def pending_batch(clerk, dossier, doc_type):
    """A disposal batch waiting for the manager: one company notice whose ten years ran out."""
    from demo.content import make_pdf
    from docstore.services import documents

    notice = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("通知", ["放假通知"], pages=1)),
        filename="notice.pdf",
        title="放假通知",
        doc_type=doc_type("company_notice"),
        dossier=dossier,
    )
    record = archive.file_document(clerk, notice, year=2026)
    archive.set_retention_trigger(clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="到期")
    return archive.propose_disposal(clerk, [record])


# --- request bodies that are not an object ---------------------------------------------------------------


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_a_list_body_to_a_disposal_decision_is_400(api, manager, pending_batch, verb):
    response = api(manager).post(f"/api/v1/disposals/{pending_batch.pk}/{verb}", [], format="json")
    error_of(response, 400)
    pending_batch.refresh_from_db()
    assert pending_batch.status == "proposed"


def test_a_list_body_to_close_a_letter_is_400(api, manager, trail):
    response = api(manager).post(f"/api/v1/letters/{trail.letter.pk}/close", [], format="json")
    error_of(response, 400)
    trail.letter.refresh_from_db()
    assert trail.letter.status == "open"


def test_a_list_body_to_release_a_hold_is_400(api, manager, trail):
    hold = archive.place_hold(manager, reason="诉讼", record=trail.record)
    error_of(api(manager).post(f"/api/v1/holds/{hold.pk}/release", [], format="json"), 400)
    hold.refresh_from_db()
    assert hold.released_at is None


def test_a_note_that_is_a_list_is_400_naming_the_field(api, manager, pending_batch):
    response = api(manager).post(f"/api/v1/disposals/{pending_batch.pk}/reject", {"note": []}, format="json")
    body = error_of(response, 400)
    assert "note" in body["fields"]


# --- a related object given as something that is not an id --------------------------------------------------


@pytest.mark.parametrize("value", ["null", [1], {"id": 1}, PAST_64_BITS, 2**64, -1])
def test_patch_seal_request_with_a_dossier_that_is_not_an_id(api, field, trail, value):
    request = trail.request
    request.status = "draft"  # only a draft's header changes; the body is refused before the state matters
    request.save(update_fields=["status"])
    response = api(field).patch(f"/api/v1/seal-requests/{request.pk}/", {"dossier": value}, format="json")
    body = error_of(response, 400)
    assert "dossier" in body["fields"]
    request.refresh_from_db()
    assert request.dossier_id == trail.dossier.pk


def test_placing_a_record_in_box_null_is_400(api, clerk, trail):
    # a form field carries the word "null", not JSON's null
    response = api(clerk).post(f"/api/v1/archive-records/{trail.record.pk}/place/", {"box": "null"})
    body = error_of(response, 400)
    assert "box" in body["fields"]


# --- query parameters past 64 bits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/documents/?dossier={PAST_64_BITS}",
        f"/api/v1/seal-requests/?dossier={PAST_64_BITS}",
        f"/api/v1/seal-register/?seal={PAST_64_BITS}",
        f"/api/v1/seal-loans/?seal={PAST_64_BITS}",
        f"/api/v1/archive-records/?dossier={PAST_64_BITS}",
        "/api/v1/movements/?original=-1.3e20",
        "/api/v1/filings/?dossier=-1.3e20",
        "/api/v1/seal-loans/?status=requested&seal=-4.5139255111109805e%2B204&page_size=4382968&page=3600",
        "/api/v1/archive-records/?status=disposed&format=json&dossier=-8.911432077131023e%2B36&page_size=true",
    ],
)
def test_an_id_filter_past_64_bits_is_400(api, clerk, url):
    error_of(api(clerk).get(url), 400)


@pytest.mark.parametrize(
    "collection", ["documents", "seal-requests", "archive-records", "originals", "seals"]
)
def test_an_object_id_past_64_bits_is_404(api, clerk, collection):
    error_of(api(clerk).get(f"/api/v1/{collection}/{PAST_64_BITS}/"), 404)


def test_the_attachments_list_is_not_filtered_by_the_document_list_filters(api, clerk, document, png_bytes):
    """The document list's filters once narrowed the attachments' parent lookup (a huge ?dossier= was a 500)."""
    api(clerk).post(
        f"/api/v1/documents/{document.pk}/attachments/", {"files": [upload(png_bytes, "户型图.png")]}
    )
    response = api(clerk).get(
        f"/api/v1/documents/{document.pk}/attachments/?dossier=-8.387651525167193e%2B251&created_before=1534-10-17"
    )
    assert response.status_code == 200
    assert [d["title"] for d in response.json()] == ["户型图.png"]


# --- uploads and the seal loans ------------------------------------------------------------------------------


def test_attachments_upload_without_files_is_400(api, clerk, document):
    response = api(clerk).post(f"/api/v1/documents/{document.pk}/attachments/", {"files": "x"})
    body = error_of(response, 400)
    assert "files" in body["fields"]


def test_attachments_upload_stores_the_files(api, clerk, document, png_bytes):
    response = api(clerk).post(
        f"/api/v1/documents/{document.pk}/attachments/", {"files": [upload(png_bytes, "户型图.png")]}
    )
    assert response.status_code == 201
    assert [d["title"] for d in response.json()] == ["户型图.png"]


def test_seal_loans_list_with_odd_filters(api, clerk, seal):
    from seals.services import loans

    loans.request_seal_loan(
        clerk, seal, purpose="银行面签", due_at=timezone.now() + datetime.timedelta(days=1)
    )
    client = api(clerk)
    assert client.get("/api/v1/seal-loans/").json()["count"] == 1
    error_of(client.get("/api/v1/seal-loans/?status=nonsense"), 400)
    error_of(client.get(f"/api/v1/seal-loans/?seal={PAST_64_BITS}"), 400)


# --- ?format= only where a file is offered -------------------------------------------------------------------


def test_only_the_lists_export_csv(api, clerk, trail):
    client = api(clerk)
    catalogue = client.get("/api/v1/archive-records/?format=csv")
    assert catalogue.status_code == 200 and catalogue["Content-Type"].startswith("text/csv")
    assert trail.record.archival_code in b"".join(catalogue.streaming_content).decode("utf-8-sig")
    # a record and the monthly totals are JSON only: once a record's JSON came back labelled text/csv, and
    # the monthly totals as a CSV holding the word "results"
    error_of(client.get(f"/api/v1/archive-records/{trail.record.pk}/?format=csv"), 404)
    error_of(client.get("/api/v1/seal-register/monthly/?format=csv"), 404)
    assert client.get("/api/v1/seal-register/monthly/").json()["results"][0]["total"] == 2


def test_a_spine_label_of_a_shelf_is_404(api, clerk):
    room = archive.create_location(clerk, kind="room", name="一号库房")
    body = error_of(api(clerk).get(f"/api/v1/locations/{room.pk}/spine/"), 404)
    assert body["error"] == "not_a_box"
