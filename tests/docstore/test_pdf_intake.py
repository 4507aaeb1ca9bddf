"""PDFs that other tools open are accepted (issue 12): a damaged PDF that qpdf repairs (kept byte for byte,
read through its repaired copy), a PDF with only an owner password, a PDF that needs its user password when the
password is typed at upload (never kept, never logged); without it the upload asks for it."""

import hashlib
import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from demo.content import make_pdf
from docstore import derive, readable
from docstore.models import Derivative, PreviewPage, Version
from tests.fixtures import bad_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
PASSWORD = "secret"


def truncated_before_xref() -> bytes:
    """The corpus's damaged file, made here: a 4-page PDF cut before its cross-reference table. pypdf cannot
    read it; qpdf repairs it with warnings; pdfium renders its 4 pages."""
    data = make_pdf("损坏的合同", ["第一条 这份文件的交叉引用表丢失了"], pages=4)
    return data[: data.rfind(b"xref")]


def post(api, user, data: bytes, **fields):
    return api(user).post(
        "/api/v1/documents",
        {"file": SimpleUploadedFile("a.pdf", data, "application/pdf"), "doc_type": "other", **fields},
        format="multipart",
    )


@pytest.mark.parametrize("make", [truncated_before_xref, bad_files.pdf_xref_size_lie])
def test_a_damaged_pdf_is_kept_as_it_is_and_read_through_its_repair(api, clerk, store, make):
    from pypdf import PdfReader

    data = make()
    response = post(api, clerk, data)
    assert response.status_code == 201, response.content
    assert response.json()["current_version"]["damaged"] is True
    version = Version.objects.get(pk=response.json()["current_version"]["id"])
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    with store.open(version.sha256) as stream:
        assert stream.read() == data  # byte for byte
    derivative = Derivative.objects.get(version=version)
    assert derivative.repaired_sha256 and derivative.repaired_sha256 != version.sha256
    assert len(PdfReader(io.BytesIO(readable.readable_bytes(version))).pages) == version.page_count
    assert derivative.text_status == "ready"
    if make is truncated_before_xref:
        assert version.page_count == 4 and "交叉引用表丢失" in derivative.text
        derive.make_previews(version)
        assert PreviewPage.objects.filter(version=version).count() == 4


def test_the_document_page_says_it_was_repaired(api, web, clerk):
    document_id = post(api, clerk, truncated_before_xref()).json()["id"]
    html = web(clerk).get(f"/documents/{document_id}/").content.decode()
    assert 'data-testid="damaged"' in html and "qpdf" in html


def test_nothing_opens_it_still_refused(api, clerk):
    response = post(api, clerk, bad_files.damaged_pdf())
    assert response.status_code == 400 and response.json()["error"] == "damaged_pdf"


def test_an_owner_password_only_pdf_is_accepted_with_its_text(api, clerk):
    response = post(api, clerk, bad_files.owner_only_encrypted_pdf())
    assert response.status_code == 201, response.content
    version = Version.objects.get(pk=response.json()["current_version"]["id"])
    assert not version.encrypted and not version.damaged
    assert "只有所有者密码" in Derivative.objects.get(version=version).text


def test_a_user_password_pdf_asks_for_its_password(api, clerk, store):
    response = post(api, clerk, bad_files.encrypted_pdf())
    assert response.status_code == 400
    assert response.json()["error"] == "password_required" and "需要打开密码" in response.json()["detail"]
    wrong = post(api, clerk, bad_files.encrypted_pdf(), password="guess")
    assert wrong.status_code == 400 and wrong.json()["error"] == "wrong_password"
    assert Version.objects.count() == 0


def test_with_its_password_it_is_accepted_marked_and_the_password_kept_nowhere(api, web, clerk, caplog):
    caplog.set_level(logging.DEBUG)
    data = bad_files.encrypted_pdf()
    response = post(api, clerk, data, password=PASSWORD)
    assert response.status_code == 201, response.content
    assert PASSWORD not in response.content.decode()
    version = Version.objects.get(pk=response.json()["current_version"]["id"])
    assert version.encrypted and version.page_count == 1
    derivative = Derivative.objects.get(version=version)
    assert derivative.text_status == "unsupported" and derivative.error == "encrypted, no text"
    assert derivative.preview_status == "unsupported"
    html = web(clerk).get(f"/documents/{version.document_id}/").content.decode()
    assert 'data-testid="encrypted"' in html
    assert PASSWORD not in caplog.text
    for event in AuditEvent.objects.all():
        assert PASSWORD not in str(event.details)


def test_the_upload_form_takes_the_password(web, clerk):
    page = web(clerk).get("/documents/new/").content.decode()
    assert 'type="password"' in page and 'name="password"' in page
    response = web(clerk).post(
        "/documents/new/",
        {
            "file": SimpleUploadedFile("a.pdf", bad_files.encrypted_pdf()),
            "doc_type": "other",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert Version.objects.get().encrypted
