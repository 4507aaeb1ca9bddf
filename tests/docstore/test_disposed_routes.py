"""Issue 9.2, the HTTP side: once a disposal is approved, every route for the disposed document's versions
answers 410 naming the archival code and the certificate, whether or not the bytes are still stored (a live
copy keeps them); the document page keeps the catalogue entry with its certificate; lists mark it; search
never shows it. Pages and API alike."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.content import make_pdf
from docstore import purge
from docstore.models import Document, SearchEntry
from docstore.services import attachments, documents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]

ID_NUMBER = "320102197705054321"
SECRET = "XHWORD7788"


@pytest.fixture
def scene(clerk, make_document, dispose, store):
    """In unit 3-1502: a unit-return application (two versions, the customer's ID number inside) that was
    disposed of, while a live copy of its first version's bytes sits in another document; and the live sales
    contract."""
    first = make_pdf("退房申请 3-1502", [f"申请人身份证号 {ID_NUMBER}", f"内部编号 {SECRET}"], pages=2)
    refund = make_document(first, "refund.pdf", title="退房申请 3-1502", code="unit_return")
    documents.add_version(
        clerk, refund, file=io.BytesIO(make_pdf("退房申请 二稿", [SECRET])), filename="refund-v2.pdf"
    )
    copy = make_document(first, "copy.pdf", title="副本", code="other")
    contract = make_document(make_pdf("商品房买卖合同", ["第一条"]), "contract.pdf", code="sales_contract")
    record, batch = dispose(refund)
    versions = list(refund.versions.order_by("number"))
    assert store.exists(versions[0].sha256)  # kept for the live copy: the routes must refuse all the same
    return {
        "refund": refund,
        "versions": versions,
        "record": record,
        "batch": batch,
        "copy": copy,
        "live": contract,
    }


def _names_the_record(text: str, scene) -> bool:
    return scene["record"].archival_code in text and scene["batch"].number in text


VERSION_ROUTES = [
    "/versions/{pk}/download/",
    "/versions/{pk}/view/",
    "/versions/{pk}/pages/1.png",
    "/versions/{pk}/thumbnail.png",
]


@pytest.mark.parametrize("route", VERSION_ROUTES)
def test_every_page_route_of_a_disposed_version_is_410(web, clerk, scene, route):
    for version in scene["versions"]:
        response = web(clerk).get(route.format(pk=version.pk))
        assert response.status_code == 410, (route, version.number)
        body = response.content.decode()
        assert "已销毁" in body and _names_the_record(body, scene)
        assert SECRET not in body and ID_NUMBER not in body
    live = scene["copy"].current_version  # the same bytes under a live document are served
    assert web(clerk).get(route.format(pk=live.pk)).status_code == 200


@pytest.mark.parametrize("route", ["/api/v1/versions/{pk}", "/api/v1/versions/{pk}/content"])
def test_every_api_route_of_a_disposed_version_is_410(api, clerk, scene, route):
    for version in scene["versions"]:
        response = api(clerk).get(route.format(pk=version.pk))
        assert response.status_code == 410, (route, version.number)
        body = response.json()
        assert body["error"] == "gone" and _names_the_record(body["detail"], scene)
        assert body["archival_code"] == scene["record"].archival_code
        assert body["certificate"] == scene["batch"].number
    assert api(clerk).get(route.format(pk=scene["copy"].current_version.pk)).status_code == 200


def test_outsider_still_gets_403_not_the_catalogue(web, api, outsider, scene):
    version = scene["versions"][0]
    assert web(outsider).get(f"/versions/{version.pk}/view/").status_code == 403
    assert api(outsider).get(f"/api/v1/versions/{version.pk}/content").status_code == 403


def test_document_page_keeps_the_catalogue_entry_and_the_certificate(web, clerk, scene):
    refund, record, batch = scene["refund"], scene["record"], scene["batch"]
    response = web(clerk).get(f"/documents/{refund.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "退房申请 3-1502" in page and 'data-testid="disposed-badge"' in page
    assert f'href="/archive/records/{record.pk}/"' in page and record.archival_code in page
    assert f'href="/archive/disposals/{batch.pk}/certificate.pdf"' in page and batch.number in page
    assert "v1" in page and "v2" in page  # the versions' catalogue rows stay (who, when, size, hash)
    for version in scene["versions"]:
        for route in VERSION_ROUTES:
            assert route.format(pk=version.pk) not in page
    assert 'data-action="seals.request"' not in page  # no seal request on content that is gone
    assert 'data-action="archive.document"' in page  # the archive side stays reachable
    assert f"/documents/{refund.pk}/versions/" not in page  # no upload form
    assert f"/documents/{refund.pk}/checkout/" not in page


def test_lists_mark_it_and_show_no_thumbnail(web, clerk, scene, dossier):
    refund, live = scene["refund"], scene["live"]
    for url in (f"/dossiers/{dossier.pk}/", "/documents/"):
        page = web(clerk).get(url).content.decode()
        assert "退房申请 3-1502" in page and 'data-testid="disposed"' in page
        assert f"/versions/{refund.current_version_id}/thumbnail.png" not in page
        assert f"/versions/{live.current_version_id}/thumbnail.png" in page


def test_the_list_query_count_stays_flat(web, clerk, scene, make_document, dispose):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    web(clerk).get("/documents/")  # the session is made on the first request
    with CaptureQueriesContext(connection) as before:
        web(clerk).get("/documents/")
    for n in range(3):
        dispose(make_document(make_pdf(f"通知 {n}", ["x"]), f"n{n}.pdf", code="company_notice"))
    with CaptureQueriesContext(connection) as after:
        page = web(clerk).get("/documents/").content.decode()
    assert page.count('data-testid="disposed"') == 4
    assert len(after.captured_queries) == len(before.captured_queries)


def test_search_never_shows_it_even_from_an_index_row_left_behind(
    api, web, clerk, manager, make_document, dispose, monkeypatch
):
    """An index row a disposal left behind (before this change, or a crash between the two) is no hit."""
    notice = make_document(
        make_pdf("退房申请", [f"申请人身份证号 {ID_NUMBER}", f"内部编号 {SECRET}"]),
        "n.pdf",
        code="company_notice",
    )
    assert [
        h["document"]["id"] for h in api(clerk).get("/api/v1/search", {"q": SECRET}).json()["results"]
    ] == [notice.pk]
    with monkeypatch.context() as patch:
        patch.setattr(purge, "forget_derived", lambda document_ids: [])
        dispose(notice)
    assert SearchEntry.objects.filter(document=notice).exists()
    for q in (SECRET, ID_NUMBER, "退房申请"):
        body = api(clerk).get("/api/v1/search", {"q": q}).json()
        assert body["count"] == 0 and body["results"] == []
        page = web(clerk).get("/search/", {"q": q}).content.decode()
        assert 'class="snippet"' not in page and f"/documents/{notice.pk}/" not in page
        listed = api(clerk).get("/api/v1/documents/", {"text": q}).json()
        assert listed["count"] == 0


# ---- the attachments zip: a disposed attachment is left out; 410 when every one is


@pytest.fixture
def with_attachments(clerk, scene):
    files = [
        SimpleUploadedFile("身份证复印件.pdf", make_pdf("身份证", [ID_NUMBER])),
        SimpleUploadedFile("户型图.pdf", make_pdf("户型图", ["3-1502"])),
    ]
    return attachments.attach_files(clerk, scene["live"], files)


def _zip_names(response) -> list[str]:
    data = b"".join(response.streaming_content)
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


@pytest.mark.parametrize("url", ["/documents/{pk}/attachments.zip", "/api/v1/documents/{pk}/attachments.zip"])
def test_zip_leaves_a_disposed_attachment_out_and_is_410_when_all_are(
    web, clerk, scene, with_attachments, dispose, url
):
    id_copy, plan = with_attachments
    parent = scene["live"]
    _record, batch = dispose(id_copy)
    response = web(clerk).get(url.format(pk=parent.pk))
    assert response.status_code == 200 and _zip_names(response) == ["户型图.pdf"]
    page = web(clerk).get(f"/documents/{parent.pk}/").content.decode()
    assert page.count('data-testid="disposed"') == 1 and f"/documents/{parent.pk}/attachments.zip" in page

    record, batch = dispose(plan)
    response = web(clerk).get(url.format(pk=parent.pk))
    assert response.status_code == 410
    text = response.content.decode()
    assert record.archival_code in text and batch.number in text
    page = web(clerk).get(f"/documents/{parent.pk}/").content.decode()
    assert f"/documents/{parent.pk}/attachments.zip" not in page


def test_api_document_detail_keeps_the_catalogue_entry(api, clerk, scene):
    body = api(clerk).get(f"/api/v1/documents/{scene['refund'].pk}/").json()
    assert body["title"] == "退房申请 3-1502" and [v["number"] for v in body["versions"]] == [1, 2]


def test_disposed_bytes_are_no_duplicate_to_confirm(
    web, clerk, run_on_commit, make_document, dispose, dossier, store
):
    """The upload page offered the disposed document as "already stored" and, once confirmed, read the
    deleted bytes; now the same file is simply stored again as a new document."""
    data = make_pdf("退房申请", [SECRET])
    notice = make_document(data, "n.pdf", code="company_notice")
    dispose(notice)
    assert not store.exists(notice.current_version.sha256)
    response = web(clerk).post(
        "/documents/new/",
        {"file": SimpleUploadedFile("again.pdf", data), "title": "重新上传", "doc_type": "company_notice",
         "dossier": dossier.pk, "comment": ""},
    )  # fmt: skip
    assert response.status_code == 302 and "退房申请" not in response.content.decode()
    again = Document.objects.get(title="重新上传")
    assert store.exists(again.current_version.sha256)
