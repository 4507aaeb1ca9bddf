"""The index's text filter: substring of title or responsible, any case; the same answers with or without the
trigram index (SQLite FTS5 / PostgreSQL pg_trgm), also after corrections and deletions."""

import pytest

from archive import services
from archive.models import ArchiveRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(clerk, new_document):
    titles = ["商品房买卖合同 3-1502", "退房申请 5-0801", "Loan Contract ABC", "补充协议 2-2203"]
    return [
        services.file_document(clerk, new_document(title=t), year=2026, responsible="营销客服部")
        for t in titles
    ]


def _codes(api, user, q):
    body = api(user).get("/api/v1/archive-records/", {"q": q}).json()
    return sorted(r["title"] for r in body["results"])


@pytest.mark.parametrize(
    "q,expected",
    [
        ("买卖合同", ["商品房买卖合同 3-1502"]),
        ("合同", ["商品房买卖合同 3-1502"]),  # two characters: below the trigram length, same answer
        ("5-0801", ["退房申请 5-0801"]),
        ("loan contract", ["Loan Contract ABC"]),  # any case
        ("客服部", ["Loan Contract ABC", "商品房买卖合同 3-1502", "补充协议 2-2203", "退房申请 5-0801"]),
        ('引号"测试', []),
        ("不存在的文字", []),
    ],
)
def test_text_filter(api, clerk, filed, q, expected):
    assert _codes(api, clerk, q) == expected


def test_index_follows_corrections_and_deletes(api, clerk, manager, filed):
    services.correct_record(manager, filed[0], reason="题名有误", title="商品房预售合同 3-1502")
    assert _codes(api, clerk, "买卖合同") == []
    assert _codes(api, clerk, "预售合同") == ["商品房预售合同 3-1502"]
    ArchiveRecord.objects.filter(pk=filed[1].pk).delete()
    assert _codes(api, clerk, "退房申请") == []


def test_text_search_count_is_capped(api, web, clerk, filed, monkeypatch):
    from archive import pagination

    monkeypatch.setattr(pagination, "TEXT_COUNT_CAP", 2)
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 2)
    body = api(clerk).get("/api/v1/archive-records/", {"q": "客服部", "page_size": 1}).json()
    assert body["count"] == 2 and body["count_capped"] is True and body["next"]
    exact = api(clerk).get("/api/v1/archive-records/", {"q": "合同 3"}).json()
    assert exact["count"] == 1 and exact["count_capped"] is False
    assert api(clerk).get("/api/v1/archive-records/").json()["count"] == 4  # no text: always exact
    assert "超过 2 件" in web(clerk).get("/archive/", {"q": "客服部"}).content.decode()
    assert "共 4 件" in web(clerk).get("/archive/").content.decode()
