"""Every archive list answers each staff role; writes refuse the wrong roles; anonymous is 401."""

import datetime

import pytest

from archive import services
from tests.conftest import api_client

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/archive-records/",
    "/api/v1/originals/",
    "/api/v1/movements/",
    "/api/v1/letters/",
    "/api/v1/filings/",
    "/api/v1/locations/",
    "/api/v1/holds/",
    "/api/v1/disposals/",
    "/api/v1/disposals/due",
]


@pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
def test_staff_read_every_list(api, users, who, record, original):
    client = api(users[who])
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "results" in response.json()


@pytest.mark.parametrize("url", LISTS)
def test_outsider_403_and_anonymous_401(users, url):
    assert api_client(users["outsider"]).get(url).status_code == 403
    assert api_client().get(url).status_code == 401


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_letter_writes_refused(api, users, who, clerk):
    letter = services.register_letter(
        clerk, direction="in", date=datetime.date(2026, 1, 2), counterparty="银行", subject="x"
    )
    response = api(users[who]).post(f"/api/v1/letters/{letter.pk}/close", {}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["clerk", "field", "outsider"])
def test_only_manager_places_holds(api, users, who, record):
    response = api(users[who]).post("/api/v1/holds/", {"record": record.pk, "reason": "诉讼"}, format="json")
    assert response.status_code == 403


def test_outsider_cannot_move_filings(api, outsider, clerk, document):
    filing = services.submit_filing(clerk, document, kind="online_filing")
    assert api(outsider).post(f"/api/v1/filings/{filing.pk}/accept", {}, format="json").status_code == 403


def test_field_staff_records_filings(api, field, document):
    response = api(field).post(
        "/api/v1/filings/", {"kind": "online_filing", "document": document.pk}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "submitted"


def test_unknown_ids_are_404(api, clerk):
    client = api(clerk)
    for url in ("/api/v1/archive-records/999999/", "/api/v1/originals/999999/", "/api/v1/letters/999999/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_lists_have_no_n_plus_one(api, clerk, field, document, box, django_assert_max_num_queries):
    for i in range(6):
        original = services.register_original(clerk, document, kind="bank", home=box, label=str(i))
        services.check_out_original(clerk, original, party_type="colleague", holder=field, purpose="核对")
        services.register_letter(
            clerk, direction="in", date=datetime.date(2026, 1, 2), counterparty="银行", subject=f"函 {i}"
        )
        services.submit_filing(clerk, document, kind="online_filing")
    client = api(clerk)
    for url in ("/api/v1/originals/", "/api/v1/movements/", "/api/v1/letters/", "/api/v1/filings/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).json()["count"] == 6, url
