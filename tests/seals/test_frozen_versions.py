"""Issues 9.2 and 9.4 on the seals side. A disposed version is put in no seal request and is stamped by
nobody (410 `disposed`). A filed document takes no stamped copy, which would be a new version while the archive
record pins the filed one (409 `filed`): an electronic item is refused, so stamping comes before filing;
physical impressions on the paper original are still recorded, without a scan as a new version."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive import services as archive
from core.errors import Conflict, Gone
from demo.content import make_pdf
from docstore.models import Document
from seals import services

pytestmark = pytest.mark.django_db


def _item_body(version, seal, mode="electronic"):
    item = {"version": version.pk, "seal": seal.pk, "impressions": 1, "mode": mode}
    if mode == "electronic":
        item["placements"] = [{"page": 1, "x": 150, "y": 60}]
    return {"purpose": "按揭贷款", "recipient": "bank", "items": [item]}


def test_the_issue_a_filed_stamped_contract_takes_no_unrelated_upload(
    api, field, manager, clerk, seal, version
):
    """Reproduced on main: stamped (v2), filed, then an unrelated upload became v3 and the page's "View",
    "Request seal" and download served it while the record pointed at v2."""
    rid = api(field).post("/api/v1/seal-requests/", _item_body(version, seal), format="json").json()["id"]
    item_id = api(field).get(f"/api/v1/seal-requests/{rid}").json()["items"][0]["id"]
    api(field).post(f"/api/v1/seal-requests/{rid}/submit")
    api(manager).post(f"/api/v1/seal-requests/{rid}/approve", {"comment": "同意"}, format="json")
    stamped = api(field).post(f"/api/v1/seal-requests/{rid}/stamp", {"item": item_id}, format="json")
    assert stamped.status_code == 201 and stamped.json()["number"] == 2
    record = archive.file_document(clerk, version.document, year=2026)
    assert record.version.number == 2

    upload = SimpleUploadedFile("unrelated.pdf", make_pdf("无关文件", ["无关"]))
    response = api(clerk).post(
        f"/api/v1/documents/{version.document_id}/versions", {"file": upload}, format="multipart"
    )

    assert response.status_code == 409 and response.json()["error"] == "filed"
    assert record.archival_code in response.json()["detail"]
    document = Document.objects.get(pk=version.document_id)
    assert document.current_version_id == record.version_id
    assert document.versions.count() == 2


def test_a_disposed_version_is_put_in_no_request(api, field, seal, version, dispose):
    record, batch = dispose(version.document)
    for mode in ("physical", "electronic"):
        response = api(field).post("/api/v1/seal-requests/", _item_body(version, seal, mode), format="json")
        assert response.status_code == 410, mode
        body = response.json()
        assert body["error"] == "disposed" and record.archival_code in body["detail"]
        assert batch.number in body["detail"]
    draft = services.create_request(field, purpose="按揭", recipient="bank")
    with pytest.raises(Gone):
        services.add_item(field, draft, version=version, seal=seal, impressions=1, mode="physical")


def test_a_filed_version_is_asked_only_for_physical_impressions(api, field, seal, version, file_it):
    record = file_it(version.document)
    electronic = api(field).post("/api/v1/seal-requests/", _item_body(version, seal), format="json")
    assert electronic.status_code == 409 and electronic.json()["error"] == "filed"
    assert record.archival_code in electronic.json()["detail"]
    physical = api(field).post("/api/v1/seal-requests/", _item_body(version, seal, "physical"), format="json")
    assert physical.status_code == 201


def test_an_approved_item_is_not_stamped_once_filed(api, field, make_request, version, file_it):
    req = make_request("approved")
    item = req.items.get()
    record = file_it(version.document)
    response = api(field).post(f"/api/v1/seal-requests/{req.pk}/stamp", {"item": item.pk}, format="json")
    assert response.status_code == 409 and response.json()["error"] == "filed"
    assert record.archival_code in response.json()["detail"]
    item.refresh_from_db()
    assert item.used == 0 and version.document.versions.count() == 1


def test_an_approved_item_is_not_stamped_once_disposed(field, make_request, version, dispose):
    req = make_request("approved")
    item = req.items.get()
    dispose(version.document)
    with pytest.raises(Gone) as refused:
        services.stamp_item(field, item)
    assert refused.value.code == "disposed"


def test_physical_impressions_on_a_filed_document_but_no_scan(clerk, make_request, version, file_it):
    req = make_request("approved", impressions=3, mode="physical", cross_page=False, placements=[])
    item = req.items.get()
    file_it(version.document)
    row = services.record_impressions(clerk, item, count=1)
    assert row.count == 1 and row.result_version is None
    with pytest.raises(Conflict) as refused:
        services.record_impressions(
            clerk, item, count=1, scan=io.BytesIO(make_pdf("扫描件", ["x"])), scan_filename="s.pdf"
        )
    assert refused.value.code == "filed"
    assert version.document.versions.count() == 1


def test_no_physical_impressions_are_recorded_once_disposed(clerk, make_request, version, dispose):
    req = make_request("approved", impressions=3, mode="physical", cross_page=False, placements=[])
    record, _batch = dispose(version.document)
    with pytest.raises(Gone) as refused:
        services.record_impressions(clerk, req.items.get(), count=1)
    assert record.archival_code in str(refused.value.detail)


def test_the_seal_pages_of_a_disposed_version_are_410(web, field, make_request, version, dispose):
    item = make_request("approved").items.get()
    record, batch = dispose(version.document)
    for url in (
        f"/seals/requests/new/?version={version.pk}",
        f"/seals/versions/{version.pk}/pages.json",
        f"/seals/items/{item.pk}/pages/1.png",
    ):
        response = web(field).get(url)
        assert response.status_code == 410, url
        text = response.json()["detail"] if url.endswith(".json") else response.content.decode()
        assert record.archival_code in text and batch.number in text
