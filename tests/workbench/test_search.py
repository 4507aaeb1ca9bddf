"""Search everywhere: the JSON endpoint behind the header box and the full results page."""

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def groups(response) -> dict:
    return {g["key"]: g["items"] for g in response.json()["groups"]}


def test_header_box_is_on_every_page(web, clerk):
    html = web(clerk).get("/").content.decode()
    assert 'role="search"' in html and 'data-instant-search="/find.json"' in html
    assert 'action="/find/"' in html and 'id="header-q"' in html
    assert '<label class="sr" for="header-q">' in html
    assert "js/app.js" in html


def test_json_finds_each_kind(web, clerk, trail):
    from docstore.search import index_document

    index_document(trail.document)  # on commit in real life; the test transaction never commits
    client = web(clerk)
    found = groups(client.get("/find.json", {"q": "3-1502"}))
    assert found["dossiers"][0]["title"] == "锦绣花园 3-1502"
    assert found["dossiers"][0]["url"] == reverse("docstore:dossier-detail", args=[trail.dossier.pk])
    assert any("3-1502" in d["title"] for d in found["documents"])
    found = groups(client.get("/find.json", {"q": "陈明"}))
    assert found["dossiers"] and "陈明" in found["dossiers"][0]["detail"]
    code = trail.record.archival_code
    found = groups(client.get("/find.json", {"q": code[-9:]}))
    assert [r["title"] for r in found["records"]] == [code]
    found = groups(client.get("/find.json", {"q": trail.letter.number}))
    assert [r["title"] for r in found["letters"]] == [trail.letter.number]
    found = groups(client.get("/find.json", {"q": "合同专用"}))
    assert [r["title"] for r in found["seals"]] == ["合同专用章"]
    body = client.get("/find.json", {"q": "合同专用"}).json()
    assert body["more"] == "/find/?q=%E5%90%88%E5%90%8C%E4%B8%93%E7%94%A8"


def test_json_empty_and_no_hits(web, clerk):
    assert web(clerk).get("/find.json", {"q": ""}).json()["groups"] == []
    assert web(clerk).get("/find.json", {"q": "不存在的词语"}).json()["groups"] == []


def test_full_results_page(web, clerk, trail):
    from docstore.search import index_document

    index_document(trail.document)
    html = web(clerk).get("/find/", {"q": "3-1502"}).content.decode()
    assert 'id="group-dossiers"' in html and 'id="group-documents"' in html
    assert "锦绣花园 3-1502" in html
    html = web(clerk).get("/find/", {"q": "没有这个"}).content.decode()
    assert "没有找到与“没有这个”匹配的结果" in html
    html = web(clerk).get("/find/").content.decode()
    assert "输入房号、客户姓名" in html


def test_results_are_escaped(web, clerk, dossier):
    html = web(clerk).get("/find/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("path", ["/find/", "/find.json"])
def test_roles(web, users, path):
    for who in ("clerk", "field", "manager", "admin"):
        assert web(users[who]).get(path, {"q": "x"}).status_code == 200
    assert web(users["outsider"]).get(path, {"q": "x"}).status_code == 403


def test_json_query_count_is_bounded(web, clerk, trail, django_assert_max_num_queries):
    client = web(clerk)
    # on PostgreSQL the document search adds 4 statements: the planner settings that make it read the text index
    with django_assert_max_num_queries(14 + (4 if connection.vendor == "postgresql" else 0)):
        assert client.get("/find.json", {"q": "3-1502"}).json()["groups"]
