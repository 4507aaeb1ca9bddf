import datetime

import pytest
from django.utils import timezone

from archive import services
from archive.models import Filing, Letter, Original
from core.errors import Conflict, Forbidden, InvalidInput

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today_is_2026(monkeypatch):
    """Letter numbers carry the year; keep the tests independent of the machine's clock."""
    if timezone.localdate() < DAY:
        monkeypatch.setattr(timezone, "localdate", lambda *a: DAY)


def test_letter_numbers_per_direction_per_year(api, clerk, manager):
    client = api(clerk)
    out1 = client.post(
        "/api/v1/letters/",
        {"direction": "out", "date": "2026-03-01", "counterparty": "中国建设银行", "subject": "放款进度"},
        format="json",
    )
    assert out1.status_code == 201, out1.content
    assert out1.json()["number"] == "KFB-LH-F-2026-0001"
    in1 = api(manager).post(
        "/api/v1/letters/",
        {
            "direction": "in",
            "date": "2026-03-01",
            "counterparty": "房管局",
            "subject": "备案材料补正",
            "reply_due": "2026-03-05",
        },
        format="json",
    )
    assert in1.json()["number"] == "KFB-LH-S-2026-0001"
    out2 = client.post(
        "/api/v1/letters/",
        {
            "direction": "out",
            "date": "2026-03-02",
            "counterparty": "房管局",
            "subject": "补正回复",
            "replies_to": in1.json()["id"],
        },
        format="json",
    )
    assert out2.json()["number"] == "KFB-LH-F-2026-0002"
    assert out2.json()["replies_to"] == in1.json()["id"]
    answered = client.get(f"/api/v1/letters/{in1.json()['id']}/").json()
    assert answered["status"] == "replied" and answered["replies"] == [out2.json()["id"]]
    last_year = client.post(
        "/api/v1/letters/",
        {"direction": "out", "date": "2025-12-30", "counterparty": "银行", "subject": "旧函补登"},
        format="json",
    )
    assert last_year.json()["number"] == "KFB-LH-F-2025-0001"


def test_reply_overdue_list(api, clerk):
    services.register_letter(
        clerk,
        direction="in",
        date=datetime.date(2026, 1, 5),
        counterparty="银行",
        subject="催办",
        reply_due=datetime.date(2026, 1, 10),
    )
    services.register_letter(
        clerk, direction="in", date=datetime.date(2026, 1, 5), counterparty="银行", subject="知悉"
    )
    listing = api(clerk).get("/api/v1/letters/?reply_overdue=true").json()
    assert listing["count"] == 1 and listing["results"][0]["reply_overdue"] is True


def test_letter_bad_input_and_roles(api, clerk, field):
    with pytest.raises(InvalidInput):
        services.register_letter(clerk, direction="out", date=DAY, counterparty="", subject="x")
    with pytest.raises(InvalidInput):
        services.register_letter(clerk, direction="sideways", date=DAY, counterparty="a", subject="x")
    with pytest.raises(InvalidInput):
        services.register_letter(
            clerk,
            direction="in",
            date=DAY,
            counterparty="a",
            subject="x",
            reply_due=DAY - datetime.timedelta(1),
        )
    sent = services.register_letter(clerk, direction="out", date=DAY, counterparty="a", subject="x")
    with pytest.raises(InvalidInput):
        services.register_letter(
            clerk, direction="out", date=DAY, counterparty="a", subject="y", replies_to=sent
        )
    response = api(field).post(
        "/api/v1/letters/",
        {"direction": "out", "date": "2026-03-01", "counterparty": "a", "subject": "b"},
        format="json",
    )
    assert response.status_code == 403
    assert Letter.objects.count() == 1


def test_close_letter(clerk):
    letter = services.register_letter(clerk, direction="in", date=DAY, counterparty="a", subject="x")
    services.close_letter(clerk, letter)
    with pytest.raises(Conflict):
        services.close_letter(clerk, letter)


def test_filing_lifecycle_checks_original_out_and_back(api, clerk, field, document, original):
    response = api(clerk).post(
        "/api/v1/filings/",
        {"kind": "online_filing", "document": document.pk, "original": original.pk, "filing_number": ""},
        format="json",
    )
    assert response.status_code == 201, response.content
    filing_id = response.json()["id"]
    original.refresh_from_db()
    assert original.status == Original.Status.OUT
    assert original.current_movement.party_type == "housing_authority"
    accepted = api(field).post(
        f"/api/v1/filings/{filing_id}/accept", {"filing_number": "BA2026-0815"}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["filing_number"] == "BA2026-0815"
    bad = api(clerk).post(f"/api/v1/filings/{filing_id}/reject", {"reason": "x"}, format="json")
    assert bad.status_code == 409 and bad.json()["error"] == "bad_transition"
    returned = api(clerk).post(f"/api/v1/filings/{filing_id}/return", {}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    original.refresh_from_db()
    assert original.status == Original.Status.IN


def test_filing_rejected_with_reason(clerk, document):
    filing = services.submit_filing(clerk, document, kind="online_filing")
    with pytest.raises(InvalidInput):
        services.reject_filing(clerk, filing, reason="")
    filing = services.reject_filing(clerk, filing, reason="附件不全")
    assert filing.status == Filing.Status.REJECTED and filing.reject_reason == "附件不全"
    with pytest.raises(Conflict):
        services.return_filing(clerk, filing)


def test_filing_rules(clerk, outsider, new_document):
    with pytest.raises(InvalidInput) as exc:
        services.submit_filing(clerk, new_document("company_notice"), kind="online_filing")
    assert exc.value.code == "wrong_document_type"
    services.submit_filing(clerk, new_document("mortgage_registration"), kind="mortgage_registration")
    with pytest.raises(Forbidden):
        services.submit_filing(outsider, new_document(), kind="online_filing")


def test_filed_but_not_returned_list(api, clerk, document, settings):
    settings.ARCHIVE_FILING_NOT_RETURNED_DAYS = 10
    old = services.submit_filing(clerk, document, kind="online_filing")
    Filing.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=11))
    services.submit_filing(clerk, document, kind="online_filing")
    listing = api(clerk).get("/api/v1/filings/?not_returned=true").json()
    assert [f["id"] for f in listing["results"]] == [old.pk]
