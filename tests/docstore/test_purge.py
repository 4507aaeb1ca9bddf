"""Issue 9.2, the data side: an approved disposal forgets what was derived from the disposed document (page
images, thumbnail, extracted text, search-index rows) while the catalogue entry and the certificate stay, and
page images shared with a live document survive. The same file runs on SQLite (FTS5) and PostgreSQL."""

import datetime
import io

import pytest
from django.core.management import call_command

from archive import services as archive
from archive.models import ArchiveRecord
from demo.content import make_pdf
from docstore.models import Derivative, PreviewPage, SearchEntry, Version
from docstore.services import documents as services
from docstore.services import dossiers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]

ID_NUMBER = "320102197705054321"
SECRET = "XHWORD7788"


@pytest.fixture
def disposable(clerk, doc_type):
    """A notice, alone in its dossier (customer 刘洋 with her ID number), whose ten years ran out in 2011."""
    dossier = dossiers.create_dossier(
        clerk,
        project="滨江一号",
        building="5",
        unit="0801",
        customers=[{"name": "刘洋", "id_number": ID_NUMBER}],
    )
    data = make_pdf("退房申请", [f"申请人身份证号 {ID_NUMBER}", f"内部编号 {SECRET}"], pages=2)
    document = services.create_document(
        clerk,
        file=io.BytesIO(data),
        filename="refund.pdf",
        title="退房申请 5-0801",
        doc_type=doc_type("company_notice"),
        dossier=dossier,
    )
    record = archive.file_document(clerk, document, year=2026)
    archive.set_retention_trigger(
        clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="合同履行完毕"
    )
    return document, data, ArchiveRecord.objects.get(pk=record.pk)


def _dispose(clerk, manager, record):
    batch = archive.propose_disposal(clerk, [record])
    return archive.approve_disposal(manager, batch, note="到期鉴定")


def _search(api, user, q):
    response = api(user).get("/api/v1/search", {"q": q})
    assert response.status_code == 200
    return [hit["document"]["id"] for hit in response.json()["results"]]


def _derived(document):
    versions = Version.objects.filter(document=document)
    pages = list(PreviewPage.objects.filter(version__in=versions).values_list("sha256", flat=True))
    thumbs = list(
        Derivative.objects.filter(version__in=versions)
        .exclude(thumbnail_sha256="")
        .values_list("thumbnail_sha256", flat=True)
    )
    return pages, thumbs


def test_disposal_forgets_previews_text_and_search(api, web, clerk, manager, disposable, store):
    document, _data, record = disposable
    pages, thumbs = _derived(document)
    assert len(pages) == 2 and len(thumbs) == 1 and all(store.exists(s) for s in pages + thumbs)
    assert _search(api, clerk, ID_NUMBER) == [document.pk] == _search(api, clerk, SECRET)
    assert "退房申请 5-0801" in web(clerk).get("/search/", {"q": ID_NUMBER}).content.decode()

    batch = _dispose(clerk, manager, record)

    assert _derived(document) == ([], [])
    assert not any(store.exists(s) for s in pages + thumbs)
    assert not Derivative.objects.filter(version__document=document).exists()  # the extracted text too
    assert not SearchEntry.objects.filter(document=document).exists()
    assert _search(api, clerk, ID_NUMBER) == [] == _search(api, clerk, SECRET)
    page = web(clerk).get("/search/", {"q": ID_NUMBER})
    assert page.status_code == 200 and "退房申请 5-0801" not in page.content.decode()
    # The catalogue entry and the certificate stay.
    record = ArchiveRecord.objects.get(pk=record.pk)
    assert record.status == "disposed" and record.archival_code.startswith("Q001-WS")
    body = api(clerk).get(f"/api/v1/archive-records/{record.pk}").json()
    assert body["archival_code"] == record.archival_code and body["title"] == "退房申请 5-0801"
    certificate = api(clerk).get(f"/api/v1/disposals/{batch.pk}/certificate")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")


def test_disposed_content_is_not_indexed_or_derived_again(api, clerk, manager, disposable):
    document, _data, record = disposable
    _dispose(clerk, manager, record)
    # A change of the dossier's customers re-indexes its documents; the reindex command rebuilds all.
    dossiers.update_dossier_customers(
        clerk, document.dossier, [{"name": "刘洋", "id_number": ID_NUMBER}, {"name": "王磊"}]
    )
    call_command("reindex_documents", "--previews", verbosity=0)
    assert _search(api, clerk, ID_NUMBER) == [] == _search(api, clerk, "王磊")
    assert _derived(document) == ([], [])
    assert not Derivative.objects.filter(version__document=document).exists()
    assert not SearchEntry.objects.filter(document=document).exists()


def test_previews_shared_with_a_live_document_survive(clerk, manager, disposable, store, doc_type):
    document, data, record = disposable
    live = services.create_document(
        clerk, file=io.BytesIO(data), filename="copy.pdf", title="副本", doc_type=doc_type("other")
    )
    live_pages, live_thumbs = _derived(live)
    assert set(live_pages) == set(_derived(document)[0])  # the same bytes render the same page images

    batch = _dispose(clerk, manager, record)

    assert _derived(document) == ([], [])
    assert _derived(live) == (live_pages, live_thumbs)
    assert all(store.exists(s) for s in live_pages + live_thumbs)
    assert store.exists(live.current_version.sha256)  # the version bytes are shared too: kept
    assert batch.items.get().deleted_blobs == []


def test_reindex_clears_what_an_older_disposal_left(api, clerk, manager, disposable, store, monkeypatch):
    """A disposal approved before this change deleted only the version bytes: the reindex command is the
    upgrade step that forgets the rest."""
    from docstore import purge

    document, _data, record = disposable
    pages, thumbs = _derived(document)
    with monkeypatch.context() as patch:
        patch.setattr(purge, "forget_derived", lambda document_ids: [])
        _dispose(clerk, manager, record)
    assert _derived(document) == (pages, thumbs) and SearchEntry.objects.filter(document=document).exists()
    assert _search(api, clerk, SECRET) == []  # the leftover index row is never a hit (issue 9.2)
    call_command("reindex_documents", verbosity=0)
    assert _derived(document) == ([], [])
    assert not any(store.exists(s) for s in pages + thumbs)
    assert not SearchEntry.objects.filter(document=document).exists()
    assert _search(api, clerk, SECRET) == []
