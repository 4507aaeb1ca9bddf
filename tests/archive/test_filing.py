import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_model import AuditEvent
from archive import services
from archive.models import ArchiveRecord, Counter, LockedError, RecordCorrection
from core.errors import Conflict

pytestmark = pytest.mark.django_db


def test_seeded_scheme():
    from archive.models import Category, Department, Fonds, RetentionPeriod, TypeDefault

    assert Fonds.objects.get(is_default=True).code == "Q001"
    assert set(Category.objects.values_list("code", flat=True)) >= {"HT", "WS", "LH"}
    assert Department.objects.get(is_default=True).code == "KFB"
    assert {r.code: r.years for r in RetentionPeriod.objects.all()} == {"Y": None, "D30": 30, "D10": 10}
    rule = TypeDefault.objects.select_related("category", "retention").get(doc_type__code="sales_contract")
    assert (rule.category.code, rule.retention.code) == ("HT", "D30")


def test_file_via_api_answers_201_with_code(api, clerk, document):
    response = api(clerk).post(
        "/api/v1/archive-records/",
        {"document": document.pk, "category": "HT", "retention": "D30", "department": "KFB", "year": 2026},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["archival_code"] == "Q001-HT·2026-D30-KFB-0001"
    assert body["item_number"] == 1 and body["status"] == "filed"
    event = AuditEvent.objects.get(action="archive.filed")
    assert event.details["code"] == body["archival_code"]


def test_defaults_from_document_type(clerk, manager, new_document):
    record = services.file_document(clerk, new_document("company_notice"), year=2026)
    assert record.archival_code == "Q001-WS·2026-D10-KFB-0001"
    assert record.disposal_due == record.trigger_date.replace(year=record.trigger_date.year + 10)
    permanent = services.file_document(clerk, new_document("contract_template", actor=manager), year=2026)
    assert permanent.retention.code == "Y" and permanent.disposal_due is None


def test_numbers_are_gapless_per_series(clerk, new_document):
    codes = [services.file_document(clerk, new_document(), year=2026).archival_code for _ in range(3)]
    assert codes == [f"Q001-HT·2026-D30-KFB-{n:04d}" for n in (1, 2, 3)]
    other_year = services.file_document(clerk, new_document(), year=2025)
    assert other_year.archival_code == "Q001-HT·2025-D30-KFB-0001"
    other_retention = services.file_document(clerk, new_document(), year=2026, retention="D10")
    assert other_retention.archival_code.endswith("D10-KFB-0001")


def test_a_failed_filing_gives_no_number_away(clerk, new_document, record):
    with pytest.raises(Conflict):
        services.file_document(clerk, record.document, year=2026)
    nxt = services.file_document(clerk, new_document(), year=2026)
    assert nxt.item_number == 2
    assert Counter.objects.get(key__startswith="item:Q001|HT|2026").last == 2


def test_filing_twice_is_409(api, clerk, record):
    response = api(clerk).post("/api/v1/archive-records/", {"document": record.document_id}, format="json")
    assert response.status_code == 409 and response.json()["error"] == "already_filed"


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_only_keepers_file(api, users, who, document):
    response = api(users[who]).post("/api/v1/archive-records/", {"document": document.pk}, format="json")
    assert response.status_code == 403
    assert not ArchiveRecord.objects.exists()


@pytest.mark.parametrize(
    "payload,code",
    [
        ({"category": "XX"}, "unknown_code"),
        ({"retention": "D99"}, "unknown_code"),
        ({"year": 1800}, "invalid"),
    ],
)
def test_bad_input_is_400(api, clerk, document, payload, code):
    response = api(clerk).post(
        "/api/v1/archive-records/", {"document": document.pk, **payload}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"] == code


def test_code_is_never_reused_or_rederived(clerk, manager, record, new_document):
    services.correct_record(manager, record, reason="题名错字", title="商品房买卖合同（更正）")
    record.refresh_from_db()
    assert record.archival_code == "Q001-HT·2026-D30-KFB-0001"
    assert services.file_document(clerk, new_document(), year=2026).item_number == 2


def test_core_metadata_is_locked(record):
    record.title = "偷偷改"
    with pytest.raises(LockedError):
        record.save()
    fresh = ArchiveRecord.objects.get(pk=record.pk)
    fresh.archival_code = "X"
    with pytest.raises(LockedError):
        fresh.save()


def test_manager_corrects_with_reason_and_it_shows(api, manager, record):
    response = api(manager).post(
        f"/api/v1/archive-records/{record.pk}/correct",
        {"title": "商品房买卖合同 3-1502（正本）", "responsible": "本公司", "reason": "补录责任者"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["corrected"] is True
    assert {c["field"] for c in body["corrections"]} == {"title", "responsible"}
    assert body["corrections"][0]["reason"] == "补录责任者"
    assert AuditEvent.objects.filter(action="archive.corrected").count() == 1
    detail = api(manager).get(f"/api/v1/archive-records/{record.pk}/").json()
    assert detail["title"] == "商品房买卖合同 3-1502（正本）"


@pytest.mark.parametrize("who", ["clerk", "field", "admin"])
def test_only_the_manager_corrects(api, users, who, record):
    response = api(users[who]).post(
        f"/api/v1/archive-records/{record.pk}/correct", {"title": "x", "reason": "y"}, format="json"
    )
    assert response.status_code == 403
    assert not RecordCorrection.objects.exists()


def test_correction_needs_reason_and_change(manager, record):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.correct_record(manager, record, reason="", title="新题名")
    with pytest.raises(InvalidInput):
        services.correct_record(manager, record, reason="无变化", title=record.title)
    with pytest.raises(InvalidInput) as exc:
        services.correct_record(manager, record, reason="改期限", retention_id=1)
    assert exc.value.code == "not_correctable"


def test_retention_trigger_event(clerk, record):
    services.set_retention_trigger(
        clerk, [record], trigger_date=datetime.date(2020, 5, 1), event="合同履行完毕"
    )
    record.refresh_from_db()
    assert record.trigger_event == "合同履行完毕"
    assert record.disposal_due == datetime.date(2050, 5, 1)


def test_list_filters_and_constant_queries(api, clerk, new_document, django_assert_max_num_queries):
    for i in range(4):
        services.file_document(clerk, new_document(title=f"合同 {i}"), year=2025 + i % 2)
    client = api(clerk)
    assert client.get("/api/v1/archive-records/?year=2025").json()["count"] == 2
    assert client.get("/api/v1/archive-records/?category=HT&retention=D30").json()["count"] == 4
    assert client.get("/api/v1/archive-records/?code=Q001-HT·2026").json()["count"] == 2
    assert client.get("/api/v1/archive-records/?q=合同 3").json()["count"] == 1
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/archive-records/")
    for _i in range(6):
        services.file_document(clerk, new_document(), year=2026)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/archive-records/").json()["count"] == 10
