"""Text extraction and full-text search: Chinese bigrams, exact Latin words and numbers, ranking, snippets,
filters. The same file runs on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

import io

import pytest
from docx import Document as Docx

from demo.content import CONTRACT_CLAUSES, make_docx, make_pdf
from docstore import search
from docstore.models import Derivative
from docstore.services import documents, dossiers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def _docx_with_table_and_header(body: str, cell: str, header: str) -> bytes:
    doc = Docx()
    doc.add_paragraph(body)
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run(cell)
    doc.sections[0].header.paragraphs[0].add_run(header)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def corpus(clerk, dossier, make_document):
    other = dossiers.create_dossier(
        clerk,
        project="滨江一号",
        building="3",
        unit="1503",
        customers=[{"name": "孙强", "id_number": "310101199001019876"}],
    )
    docs = {
        "contract": make_document(
            make_pdf(
                "商品房买卖合同", ["合同编号：HT-2026-0012", "买受人：陈明", *CONTRACT_CLAUSES], pages=2
            ),
            "contract.pdf",
            title="商品房买卖合同 3-1502",
            code="sales_contract",
        ),
        "loan": make_document(
            make_pdf("借款合同", ["借款人向银行申请个人住房贷款", "Loan agreement with Bank of China"]),
            "loan.pdf",
            title="借款合同",
            code="loan_contract",
            target_dossier=other,
        ),
        "letter": make_document(
            make_docx(
                "联络函", ["致住房保障和房产管理局：关于网上备案的说明", "<script>alert(1)</script> 特此函告"]
            ),
            "letter.docx",
            title="联络函 2026-07",
            code="liaison_letter",
            target_dossier=None,
            metadata={"编号": "LL-2026-07"},
        ),
        "docx_parts": make_document(
            _docx_with_table_and_header("正文：补充约定", "表格中的车位编号 B2-118", "页眉里的抵押登记"),
            "supp.docx",
            title="补充协议",
            code="supplementary_agreement",
        ),
    }
    return docs


def titles(api_client_, q, **params):
    response = api_client_.get("/api/v1/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [r["document"]["title"] for r in response.json()["results"]]


def test_text_is_extracted_from_pdf_and_docx(corpus):
    contract = Derivative.objects.get(version=corpus["contract"].current_version)
    assert contract.text_status == "ready" and "买卖商品房达成如下协议" in contract.text.replace("\n", "")
    parts = Derivative.objects.get(version=corpus["docx_parts"].current_version).text
    assert "车位编号 B2-118" in parts and "页眉里的抵押登记" in parts


def test_chinese_two_and_more_characters(api, clerk, corpus):
    client = api(clerk)
    assert titles(client, "买卖合同") == ["商品房买卖合同 3-1502"]
    assert set(titles(client, "合同")) == {"商品房买卖合同 3-1502", "借款合同"}
    assert titles(client, "网上备案") == ["联络函 2026-07"]
    assert titles(client, "按揭贷款方式付款") == ["商品房买卖合同 3-1502"]
    assert titles(client, "抵押登记") == ["补充协议"]  # from the header
    assert titles(client, "不存在的词语") == []


def test_latin_words_and_numbers_exactly(api, clerk, corpus):
    client = api(clerk)
    assert titles(client, "3-1502") == ["补充协议", "商品房买卖合同 3-1502"] or set(
        titles(client, "3-1502")
    ) == {
        "补充协议",
        "商品房买卖合同 3-1502",
    }
    assert titles(client, "3-1503") == ["借款合同"]
    assert "借款合同" not in titles(client, "1502")
    assert titles(client, "150") == []
    assert titles(client, "HT-2026-0012") == ["商品房买卖合同 3-1502"]
    assert titles(client, "ht-2026-0012") == ["商品房买卖合同 3-1502"]
    assert titles(client, "110101198003071234") == ["补充协议", "商品房买卖合同 3-1502"] or set(
        titles(client, "110101198003071234")
    ) == {"补充协议", "商品房买卖合同 3-1502"}
    assert titles(client, "11010119800307") == []
    assert titles(client, "bank") == ["借款合同"]
    assert titles(client, "B2-118") == ["补充协议"]
    assert titles(client, "LL-2026-07") == ["联络函 2026-07"]  # metadata


def test_mixed_chinese_latin_digits(api, clerk, corpus):
    client = api(clerk)
    assert titles(client, "陈明 HT-2026-0012") == ["商品房买卖合同 3-1502"]
    assert titles(client, "借款 Bank") == ["借款合同"]
    assert titles(client, "借款 HT-2026-0012") == []
    assert titles(client, "锦绣花园 孙强") == []


def test_dossier_and_type_are_searchable(api, clerk, corpus):
    client = api(clerk)
    assert titles(client, "孙强") == ["借款合同"]
    assert titles(client, "滨江一号") == ["借款合同"]
    assert titles(client, "联络函") == ["联络函 2026-07"]
    assert "借款合同" in titles(client, "Loan contract")  # English type name


def test_single_cjk_character(api, clerk, corpus):
    assert "借款合同" in titles(api(clerk), "借")


def test_ranked_with_highlighted_snippet(api, clerk, corpus, make_document):
    make_document(make_pdf("备忘", ["会议纪要：讨论借款事项"]), "memo.pdf", title="会议纪要", code="other")
    body = api(clerk).get("/api/v1/search", {"q": "借款"}).json()
    results = body["results"]
    assert [r["document"]["title"] for r in results][0] == "借款合同"  # the title match ranks first
    assert results[0]["score"] >= results[-1]["score"]
    assert body["count"] == 2
    assert "<mark>借款</mark>" in results[-1]["snippet"]
    assert set(results[0]["document"]) >= {"id", "title", "doc_type", "dossier", "current_version"}


def test_snippet_escapes_html(api, clerk, corpus):
    snippet = api(clerk).get("/api/v1/search", {"q": "特此函告"}).json()["results"][0]["snippet"]
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet
    assert "<mark>特此函告</mark>" in snippet


def test_filters_apply(api, clerk, corpus, dossier):
    client = api(clerk)
    assert titles(client, "合同", doc_type="loan_contract") == ["借款合同"]
    assert titles(client, "合同", dossier=dossier.pk) == ["商品房买卖合同 3-1502"]
    assert titles(client, "合同", created_by="nobody") == []
    response = client.get("/api/v1/search", {"q": "合同", "created_after": "not-a-date"})
    assert response.status_code == 400


def test_a_filter_matching_no_document_finds_nothing(api, clerk, corpus):
    """The `text` filter with a word in no document narrows the set to none (an empty IN, which Django will not
    compile): the answer is an empty result, not a 500 (found by the API fuzz test)."""
    body = api(clerk).get("/api/v1/search", {"q": "合同", "text": "Inf"}).json()
    assert (body["count"], body["total"], body["results"]) == (0, 0, [])


def test_pagination(api, clerk, corpus):
    body = api(clerk).get("/api/v1/search", {"q": "合同", "page_size": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]


def test_new_version_replaces_indexed_text(api, clerk, corpus):
    documents.add_version(
        clerk,
        corpus["loan"],
        file=io.BytesIO(make_pdf("借款合同", ["新的条款：提前还款违约金"])),
        filename="v2.pdf",
    )
    client = api(clerk)
    assert titles(client, "提前还款") == ["借款合同"]
    assert titles(client, "个人住房贷款") == []


def test_customer_change_reindexes(api, clerk, corpus, dossier):
    dossiers.update_dossier_customers(clerk, dossier, [{"name": "林小红", "id_number": ""}])
    assert "商品房买卖合同 3-1502" in titles(api(clerk), "林小红")


def test_empty_query_and_outsider(api, clerk, outsider, corpus):
    assert api(clerk).get("/api/v1/search", {"q": "  "}).json()["count"] == 0
    assert api(clerk).get("/api/v1/search", {"q": "!!!"}).json()["count"] == 0
    assert api(outsider).get("/api/v1/search", {"q": "合同"}).status_code == 403


def test_search_page(web, clerk, corpus):
    page = web(clerk).get("/search/", {"q": "买卖合同"}).content.decode()
    assert "商品房买卖合同 3-1502" in page and "<mark>" in page and "找到 1 个文档" in page


def test_list_text_filter(api, clerk, corpus):
    body = api(clerk).get("/api/v1/documents/", {"text": "网上备案"}).json()
    assert [d["title"] for d in body["results"]] == ["联络函 2026-07"]


def test_tokens():
    assert search.tokens("买卖合同") == ["买卖", "卖合", "合同", "买", "卖", "合", "同"]
    # each character once
    assert search.tokens("房号3-1502 房") == ["房号", "3-1502", "3", "1502", "房", "号"]
    assert search.tokens("ＨＴ－２０２６") == ["ht-2026", "ht", "2026"]
    assert search.parse("3-1502 陈明").tokens == ["3-1502", "陈明"]
    assert search.parse("房 买卖合同").tokens == ["房", "买卖", "卖合", "合同"]


def test_one_character_queries_find_the_character_wherever_it_stands(api, clerk, corpus, make_document):
    """Last in a run of characters too (「住房」 ends with 房): the character is a token of its own."""
    client = api(clerk)
    make_document(make_pdf("通知", ["关于保障住房。"]), "n.pdf", title="通知")
    assert "通知" in titles(client, "房")
    assert titles(client, "函") == ["联络函 2026-07"]
    assert titles(client, "鑫") == []  # in no document
    assert set(titles(client, "借 贷")) == {"借款合同"}


def test_broad_queries_rank_the_newest_window(api, clerk, corpus, settings, make_document):
    """A word matching more documents than DOCSTORE_SEARCH_WINDOW is ranked over the newest matches only."""
    newest = make_document(make_pdf("合同补充", ["合同"]), "n.pdf", title="最新合同")
    settings.DOCSTORE_SEARCH_WINDOW = 2
    found = titles(api(clerk), "合同")
    assert len(found) == 2 and "最新合同" in found and newest.pk
    body = api(clerk).get("/api/v1/search", {"q": "合同"}).json()
    assert (body["count"], body["total"], body["total_exact"]) == (2, 3, True)  # every match counted
    settings.DOCSTORE_SEARCH_WINDOW = 1000
    assert len(titles(api(clerk), "合同")) == 3


def test_reindex_command(clerk, corpus):
    from django.core.management import call_command

    from docstore.models import SearchEntry

    SearchEntry.objects.all().delete()
    call_command("reindex_documents", verbosity=0)
    assert SearchEntry.objects.count() == 4
    assert search.ranked_ids(search.parse("网上备案"))


@pytest.mark.parametrize("term", ["㐀", "锦绣"])  # absent; present in fewer documents than the window
def test_postgresql_ranks_the_matches_found_in_the_text_index(term, corpus, settings):
    """The ranking reads the matches from the GIN index: with an id range PostgreSQL walked every id in it and
    tested each row's 30 KB vector (300 ms for an absent word at 20,000 documents)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("FTS5 reads its posting lists anyway")
    settings.DOCSTORE_SEARCH_WINDOW = 1 if term == "锦绣" else 1000  # a floor from the window
    with CaptureQueriesContext(connection) as queries:
        search.ranked_ids(search.parse(term))
    ranking = next(q for q in queries.captured_queries if "ts_rank" in q["sql"])["sql"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + ranking)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "docstore_searchentry_vector" in plan and "document_id_key" not in plan, plan
