import io

import pytest
from pypdf import PdfReader

from archive import services
from archive.models import Location
from core.errors import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db


def test_tree_order_is_enforced(clerk, box):
    shelf = box.parent
    assert [shelf.parent.parent.kind, shelf.parent.kind, shelf.kind, box.kind] == [
        "room",
        "cabinet",
        "shelf",
        "box",
    ]
    with pytest.raises(InvalidInput) as exc:
        services.create_location(clerk, kind="box", name="x", parent=shelf.parent, year=2026, retention="D30")
    assert exc.value.code == "bad_parent"
    with pytest.raises(InvalidInput):
        services.create_location(clerk, kind="cabinet", name="无上级")


def test_box_needs_year_and_retention(clerk, box):
    with pytest.raises(InvalidInput) as exc:
        services.create_location(clerk, kind="box", name="空盒", parent=box.parent)
    assert exc.value.code == "box_fields"
    assert box.box_number == 1 and box.department.code == "KFB"


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_only_keepers_create_locations(users, who):
    with pytest.raises(Forbidden):
        services.create_location(users[who], kind="room", name="二号库房")


def test_wrong_box_is_refused_with_the_reason(clerk, box, new_document):
    record = services.file_document(clerk, new_document(), year=2025, retention="D10")
    with pytest.raises(InvalidInput) as exc:
        services.place_in_box(clerk, record, box)
    assert exc.value.code == "wrong_box"
    assert "年度为 2026，本件为 2025" in str(exc.value.detail)
    assert "保管期限为 D30，本件为 D10" in str(exc.value.detail)
    with pytest.raises(InvalidInput) as exc:
        services.place_in_box(clerk, record, box.parent)
    assert exc.value.code == "not_a_box"


def test_filing_into_box_via_api(api, clerk, box, document, new_document):
    response = api(clerk).post(
        "/api/v1/archive-records/", {"document": document.pk, "box": box.pk, "year": 2026}, format="json"
    )
    assert response.status_code == 201 and response.json()["box"] == box.pk
    wrong = api(clerk).post(
        "/api/v1/archive-records/",
        {"document": new_document().pk, "box": box.pk, "year": 2024},
        format="json",
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "wrong_box"
    assert "年度" in wrong.json()["detail"]


def test_locations_api(api, clerk, field, box):
    listing = api(field).get("/api/v1/locations/?kind=box").json()
    assert listing["count"] == 1 and listing["results"][0]["retention"] == "D30"
    created = api(clerk).post("/api/v1/locations/", {"kind": "room", "name": "二号库房"}, format="json")
    assert created.status_code == 201
    assert (
        api(field).post("/api/v1/locations/", {"kind": "room", "name": "x"}, format="json").status_code == 403
    )
    dup = api(clerk).post("/api/v1/locations/", {"kind": "room", "name": "二号库房"}, format="json")
    assert dup.status_code == 409


def test_spine_and_contents_pdfs(api, clerk, box, new_document):
    for i in range(3):
        record = services.file_document(clerk, new_document(title=f"合同 {i}"), year=2026, box=box)
    spine = api(clerk).get(f"/api/v1/locations/{box.pk}/spine")
    assert spine.status_code == 200 and spine["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(spine.content)).pages[0].extract_text()
    assert "Q001" in text and "2026" in text and "0001-0003" in text
    contents = api(clerk).get(f"/api/v1/locations/{box.pk}/contents")
    reader = PdfReader(io.BytesIO(contents.content))
    assert len(reader.pages) == 2
    assert record.archival_code in reader.pages[0].extract_text()
    assert "备考表" in reader.pages[1].extract_text()
    not_box = api(clerk).get(f"/api/v1/locations/{box.parent_id}/spine")
    assert not_box.status_code == 404 and not_box.json()["error"] == "not_a_box"  # a shelf has no spine
    assert Location.objects.get(pk=box.pk).records.count() == 3
