"""Long lists page by key: the next and previous links carry a cursor, so that following them shows the rows
next to the page seen, none twice and none skipped while documents are added; a page asked for by number is
the same page whether it is read directly or in two steps from either end; the list sorted by unit walks an
index in natural order; the number of queries does not grow with the depth."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import pagination
from docstore.models import Document, DocumentType, Dossier

pytestmark = pytest.mark.django_db


def _documents(user, count: int, start: int = 0, dossier=None) -> list[Document]:
    doc_type = DocumentType.objects.get(code="other")
    made = Document.objects.bulk_create(
        Document(title=f"文档 {start + i:03}", doc_type=doc_type, created_by=user, dossier=dossier)
        for i in range(count)
    )
    # distinct creation times, oldest first, so that the list's order (newest first) is known
    base = timezone.now() - timedelta(days=1)
    for i, document in enumerate(made):
        Document.objects.filter(pk=document.pk).update(created_at=base + timedelta(seconds=start + i))
    return made


def _titles(body) -> list[str]:
    return [row["title"] for row in body["results"]]


def test_following_next_shows_the_rows_after_the_page_seen_while_documents_are_added(api, clerk):
    _documents(clerk, 30)
    client = api(clerk)
    first = client.get("/api/v1/documents/", {"page_size": 10}).json()
    assert _titles(first) == [f"文档 {i:03}" for i in range(29, 19, -1)]
    assert "after=" in first["next"]
    _documents(clerk, 5, start=100)  # five newer documents arrive at the head of the list
    second = client.get(first["next"]).json()
    assert _titles(second) == [f"文档 {i:03}" for i in range(19, 9, -1)]  # none repeated, none skipped
    offset = client.get("/api/v1/documents/", {"page_size": 10, "page": 2}).json()
    assert _titles(offset)[:5] == [f"文档 {i:03}" for i in range(24, 19, -1)]  # what OFFSET would repeat
    back = client.get(second["previous"]).json()
    assert _titles(back) == _titles(first)
    assert "before=" in second["previous"]


def test_a_forged_or_foreign_cursor_is_ignored(api, clerk):
    _documents(clerk, 12)
    client = api(clerk)
    by_number = client.get("/api/v1/documents/", {"page_size": 5, "page": 2}).json()
    forged = client.get("/api/v1/documents/", {"page_size": 5, "page": 2, "after": "not-a-cursor"}).json()
    assert _titles(forged) == _titles(by_number)
    by_title = client.get("/api/v1/documents/", {"page_size": 5, "ordering": "title"}).json()
    foreign = client.get(
        "/api/v1/documents/", {"page_size": 5, "page": 2, "after": by_title["next"].split("after=")[1]}
    ).json()
    assert _titles(foreign) == _titles(by_number)  # a cursor of another ordering reads the page by number


@pytest.mark.parametrize("ordering", ["", "title", "-title", "unit", "doc_type"])
def test_a_deep_page_is_the_same_read_in_two_steps_from_either_end(api, clerk, monkeypatch, ordering):
    _documents(clerk, 47)
    client = api(clerk)
    params = {"page_size": 5, **({"ordering": ordering} if ordering else {})}
    direct = [_titles(client.get("/api/v1/documents/", {**params, "page": n}).json()) for n in range(1, 11)]
    monkeypatch.setattr(pagination, "DIRECT_OFFSET", 0)
    stepped = [_titles(client.get("/api/v1/documents/", {**params, "page": n}).json()) for n in range(1, 11)]
    assert stepped == direct and len(direct[-1]) == 2  # the last page, read from the end
    assert sorted(sum(stepped, [])) == sorted(f"文档 {i:03}" for i in range(47))


def test_deep_pages_cost_no_more_queries(api, clerk, monkeypatch, django_assert_max_num_queries):
    _documents(clerk, 40)
    client = api(clerk)
    monkeypatch.setattr(pagination, "DIRECT_OFFSET", 10)
    with django_assert_max_num_queries(5):  # auth aside: count, page
        first = client.get("/api/v1/documents/", {"page_size": 5})
    with django_assert_max_num_queries(6):  # count, the ids, the page
        client.get("/api/v1/documents/", {"page_size": 5, "page": 6})
    with django_assert_max_num_queries(5):  # count, the rows after the cursor
        client.get(first.json()["next"])


def test_the_web_pager_links_carry_the_cursor(web, clerk):
    _documents(clerk, 60)
    client = web(clerk)
    page = client.get("/documents/").content.decode()
    assert "after=" in page and "末页" in page
    href = page.split('href="?')[1]
    next_url = "/documents/?" + href.split('"')[0].replace("&amp;", "&").split("page=")[0] + "page=2&after="
    next_url += href.split("after=")[1].split('"')[0]
    second = client.get(next_url).content.decode()
    assert "文档 034" in second and "文档 035" not in second and "before=" in second


def test_ordering_by_unit_is_natural_and_reads_one_query(api, clerk, django_assert_max_num_queries):
    for unit in ["1502", "902", "0101"]:
        dossier = Dossier.objects.create(project="锦绣花园", building="3", unit=unit, created_by=clerk)
        _documents(clerk, 1, start=int(unit), dossier=dossier)
        Document.objects.filter(dossier=dossier).update(unit_key=Document.unit_key_of(dossier))
    _documents(clerk, 1, start=999)  # no dossier: first
    with django_assert_max_num_queries(4):
        body = api(clerk).get("/api/v1/documents/", {"ordering": "unit"}).json()
    assert _titles(body) == ["文档 999", "文档 101", "文档 902", "文档 1502"]


def test_a_new_document_gets_its_unit_key(make_document, pdf_bytes, dossier):
    document = make_document(pdf_bytes, "c.pdf")
    assert document.unit_key == "0000000003-0000001502" == Document.objects.get(pk=document.pk).unit_key


def test_ordering_by_type_follows_the_types_position_through_the_row(api, clerk, make_document, pdf_bytes):
    """The sort key is on the document (no join, an index serves it) and follows the type's position."""
    contract, letter = DocumentType.objects.get(code="sales_contract"), DocumentType.objects.get(code="other")
    first = make_document(pdf_bytes, "a.pdf", title="合同", code="sales_contract")
    second = make_document(pdf_bytes, "b.pdf", title="其他", code="other")
    assert (first.type_position, second.type_position) == (contract.position, letter.position)
    contract.position, letter.position = 20, 10
    contract.save()
    letter.save()
    with CaptureQueriesContext(connection) as queries:
        body = api(clerk).get("/api/v1/documents/", {"ordering": "doc_type"}).json()
    assert _titles(body) == ["其他", "合同"]
    listed = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "docstore_document" in q["sql"]]
    assert listed and all("docstore_documenttype" not in sql.split("ORDER BY")[1] for sql in listed)
    assert '"type_position"' in listed[-1].split("ORDER BY")[1]


def test_a_correction_of_the_type_moves_the_document_in_the_sort(clerk, make_document, pdf_bytes):
    from docstore.services import corrections

    contract, letter = DocumentType.objects.get(code="sales_contract"), DocumentType.objects.get(code="other")
    document = make_document(pdf_bytes, "a.pdf", title="合同", code="sales_contract")
    assert document.type_position == contract.position != letter.position
    corrections.correct_document(
        clerk, document, title="合同", doc_type=letter, dossier=document.dossier, reason="类型选错"
    )
    assert Document.objects.get(pk=document.pk).type_position == letter.position
