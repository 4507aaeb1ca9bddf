"""Issue 9.4: filed and disposed documents are frozen. Reproduced on main: a filed contract took an unrelated
upload as a new version, and "View", "Request seal" and download then served it while the archive record
pointed at the filed one. A new version (upload, check-in with a file, template output, stamping), a
check-out for editing, an attachment and a metadata edit are refused: 409 `filed` / 410 `disposed`, naming the
archival code. A correction goes through the archive's audited correction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive import services as archive
from archive.models import ArchiveRecord
from core.errors import Conflict, Gone
from demo.content import make_docx, make_pdf
from docstore.models import Document, Version
from docstore.services import attachments, documents, edit_locks

pytestmark = pytest.mark.django_db


def _pdf(name="unrelated.pdf", text="与本合同无关的文件"):
    return SimpleUploadedFile(name, make_pdf(text, [text]))


@pytest.fixture
def filed(clerk, document, file_it):
    """The sales contract of unit 3-1502, filed at its v1."""
    return document, file_it(document)


def _frozen_as_it_was(document, record):
    document = Document.objects.get(pk=document.pk)
    assert list(document.versions.values_list("number", flat=True)) == [1]
    assert document.current_version_id == record.version_id
    assert not Document.objects.filter(parent=document).exists()


# ---- a filed document: 409 `filed`, naming the archival code


def test_api_refuses_a_new_version_of_a_filed_document(api, clerk, filed):
    document, record = filed
    response = api(clerk).post(
        f"/api/v1/documents/{document.pk}/versions", {"file": _pdf()}, format="multipart"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "filed" and body["archival_code"] == record.archival_code
    assert record.archival_code in body["detail"]
    _frozen_as_it_was(document, record)


def test_api_refuses_check_out_check_in_with_a_file_and_attachments(api, clerk, filed):
    document, record = filed
    client = api(clerk)
    checkout = client.post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
    assert checkout.status_code == 409 and checkout.json()["error"] == "filed"
    attach = client.post(
        f"/api/v1/documents/{document.pk}/attachments", {"files": [_pdf("身份证.pdf")]}, format="multipart"
    )
    assert attach.status_code == 409 and record.archival_code in attach.json()["detail"]
    child = client.post(
        "/api/v1/documents/",
        {"file": _pdf("户型图.pdf"), "doc_type": "attachment", "parent": document.pk},
        format="multipart",
    )
    assert child.status_code == 409 and child.json()["error"] == "filed"
    _frozen_as_it_was(document, record)


def test_a_lock_taken_before_filing_is_released_but_takes_no_file(api, clerk, dossier, doc_type, file_it):
    document = documents.create_document(
        clerk, file=io.BytesIO(make_pdf("贷款合同", ["x"])), filename="l.pdf", title="贷款合同",
        doc_type=doc_type("loan_contract"), dossier=dossier,
    )  # fmt: skip
    edit_locks.lock_for_edit(clerk, document)
    record = file_it(document)
    with_file = api(clerk).post(
        f"/api/v1/documents/{document.pk}/checkin", {"file": _pdf()}, format="multipart"
    )
    assert with_file.status_code == 409 and with_file.json()["archival_code"] == record.archival_code
    assert edit_locks.selectors.active_lock(document) is not None  # a refused file keeps the lock
    released = api(clerk).post(f"/api/v1/documents/{document.pk}/checkin", {}, format="multipart")
    assert released.status_code == 200 and edit_locks.selectors.active_lock(document) is None
    _frozen_as_it_was(document, record)


@pytest.mark.parametrize("origin", [Version.Origin.UPLOAD, Version.Origin.TEMPLATE, Version.Origin.STAMP])
def test_no_use_case_adds_a_version_to_a_filed_document(clerk, filed, origin):
    document, record = filed
    with pytest.raises(Conflict) as refused:
        documents.add_version(
            clerk, document, file=io.BytesIO(make_pdf("x", ["x"])), filename="x.pdf", origin=origin,
            skip_hooks=True,
        )  # fmt: skip
    assert refused.value.code == "filed" and record.archival_code in str(refused.value.detail)
    with pytest.raises(Conflict):
        attachments.attach_files(clerk, document, [_pdf()])
    _frozen_as_it_was(document, record)


def test_a_filed_template_takes_no_new_version_but_still_fills(manager, dossier, doc_type, file_it):
    from docstore.services import templates

    template = documents.create_document(
        manager, file=io.BytesIO(make_docx("商品房买卖合同范本", ["房号：{{房号}}"])), filename="t.docx",
        title="商品房买卖合同范本", doc_type=doc_type("contract_template"),
    )  # fmt: skip
    record = file_it(template)
    with pytest.raises(Conflict) as refused:
        documents.add_version(
            manager, template, file=io.BytesIO(make_docx("范本二稿", ["{{房号}}"])), filename="t2.docx"
        )
    assert record.archival_code in str(refused.value.detail)
    filled = templates.fill_template(manager, template, dossier=dossier)  # a new document, not a version
    assert filled.pk != template.pk and template.versions.count() == 1


def test_metadata_of_a_filed_document_is_refused_outside_the_archive(
    clerk, manager, filed, doc_type, dossier
):
    document, record = filed
    for field, value in [("title", "改过的标题"), ("doc_type", doc_type("other")), ("dossier", None)]:
        changed = Document.objects.get(pk=document.pk)
        setattr(changed, field, value)
        with pytest.raises(Conflict) as refused:
            changed.save()
        assert refused.value.code == "filed"
    changed = Document.objects.get(pk=document.pk)
    changed.metadata["备注"] = "改"
    with pytest.raises(Conflict):
        changed.save()
    assert Document.objects.get(pk=document.pk).title == "商品房买卖合同 3-1502"
    # the archive's audited correction is the way
    archive.correct_record(
        manager, ArchiveRecord.objects.get(pk=record.pk), reason="题名笔误", title="更正后"
    )
    assert ArchiveRecord.objects.get(pk=record.pk).title == "更正后"


def test_an_unfiled_document_still_changes(clerk, document, doc_type):
    document = Document.objects.get(pk=document.pk)
    document.title = "新标题"
    document.save()
    assert Document.objects.get(pk=document.pk).title == "新标题"
    version = documents.add_version(
        clerk, document, file=io.BytesIO(make_pdf("二稿", ["x"])), filename="2.pdf"
    )
    assert version.number == 2


# ---- the pages


def test_page_hides_the_forms_of_a_filed_document_and_says_why(web, clerk, filed):
    document, record = filed
    page = web(clerk).get(f"/documents/{document.pk}/").content.decode()
    assert 'data-testid="frozen"' in page and 'data-testid="filed-badge"' in page
    assert record.archival_code in page and f'href="/archive/records/{record.pk}/"' in page
    for form in ("versions/", "checkout/", "attachments/"):
        assert f'action="/documents/{document.pk}/{form}"' not in page
    # still viewable and downloadable: the filed version is the current one
    assert (
        f"/versions/{record.version_id}/view/" in page and f"/versions/{record.version_id}/download/" in page
    )
    assert 'data-action="seals.request"' in page  # physical impressions need no new version


def test_page_of_an_open_document_keeps_its_forms(web, clerk, document):
    page = web(clerk).get(f"/documents/{document.pk}/").content.decode()
    assert 'data-testid="frozen"' not in page
    for form in ("versions/", "checkout/", "attachments/"):
        assert f'action="/documents/{document.pk}/{form}"' in page


def test_web_posts_answer_409_naming_the_code(web, clerk, filed):
    document, record = filed
    client = web(clerk)
    for url, data in [
        (f"/documents/{document.pk}/versions/", {"file": _pdf()}),
        (f"/documents/{document.pk}/checkout/", {}),
        (f"/documents/{document.pk}/attachments/", {"files": [_pdf("身份证.pdf")]}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 409, url
        assert record.archival_code in response.content.decode()
    _frozen_as_it_was(document, record)


# ---- a disposed document: 410 `disposed`


def test_a_disposed_document_takes_nothing(api, web, clerk, run_on_commit, make_document, dispose):
    document = make_document(make_pdf("通知", ["x"]), "n.pdf", code="company_notice")
    record, batch = dispose(document)
    client = api(clerk)
    for url, data in [
        (f"/api/v1/documents/{document.pk}/versions", {"file": _pdf()}),
        (f"/api/v1/documents/{document.pk}/checkout", {}),
        (f"/api/v1/documents/{document.pk}/attachments", {"files": [_pdf("附件.pdf")]}),
    ]:
        response = client.post(url, data, format="multipart")
        assert response.status_code == 410, url
        body = response.json()
        assert body["error"] == "disposed" and body["certificate"] == batch.number
        assert record.archival_code in body["detail"] and batch.number in body["detail"]
    assert web(clerk).post(f"/documents/{document.pk}/versions/", {"file": _pdf()}).status_code == 410
    changed = Document.objects.get(pk=document.pk)
    changed.title = "x"
    with pytest.raises(Gone):
        changed.save()
    assert document.versions.count() == 1


def test_filing_pins_the_version_current_when_the_record_is_made(clerk, document):
    """The filing takes the document's row lock, as adding a version does: the record names the version
    that is current at that moment, never one that a racing upload replaced."""
    stale = Document.objects.get(pk=document.pk)
    newer = documents.add_version(clerk, document, file=io.BytesIO(make_pdf("二稿", ["x"])), filename="2.pdf")
    record = archive.file_document(clerk, stale, year=2026)
    assert record.version_id == newer.pk
