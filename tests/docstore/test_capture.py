"""Phone capture (issue 12): photos cropped to the sheet, deskewed, bound into one PDF (an untouched photo's
JPEG bytes embedded as they are), filed as a new document or version; roles and bad input."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bench.ocr_corpus import Page, as_photo, render
from core.errors import Forbidden, InvalidInput, UnsupportedMedia
from docstore import capture
from docstore.models import Document, DocumentType
from docstore.services import capture as capture_service

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
LINES = ["商品房买卖合同", "买受人：陈明 身份证号：110101199003074514", "房屋：第3栋 3-1502 室"] + [
    "本合同一式四份"
] * 8


def jpeg(image, quality=85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


@pytest.fixture(scope="module")
def sheet():
    return render(Page(LINES, [], []), dpi=80)  # a clean A4 page, 661 x 935 px


@pytest.fixture(scope="module")
def photo(sheet):
    return as_photo(sheet, random.Random(3))  # on a desk, in perspective, unevenly lit


def test_a_photo_is_cropped_to_the_sheet(photo, sheet):
    page = capture.prepare_page(photo)
    taken = Image.open(io.BytesIO(photo))
    assert page.cropped and not page.as_taken
    assert page.width < taken.width and page.height < taken.height
    assert page.height / page.width == pytest.approx(sheet.height / sheet.width, rel=0.12)


def test_a_leaning_page_is_deskewed(sheet):
    leaning = sheet.rotate(2.5, expand=False, fillcolor=255, resample=Image.BICUBIC)
    page = capture.prepare_page(jpeg(leaning))
    assert not page.cropped and abs(page.deskewed) == pytest.approx(2.5, abs=0.7)
    upright = capture.prepare_page(page.data)
    assert upright.deskewed == 0 and upright.as_taken


def test_a_photo_that_needs_nothing_keeps_its_bytes(sheet):
    data = jpeg(sheet)
    page = capture.prepare_page(data)
    assert page.as_taken and page.data == data
    pdf = capture.bind([page, capture.prepare_page(data)])
    assert data in pdf  # the photo's JPEG stream, unchanged
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(pdf)) == 2


def test_capture_document_new_and_as_a_version(clerk, field, photo, sheet, dossier):
    version = capture_service.capture_document(
        field,
        [io.BytesIO(photo), io.BytesIO(jpeg(sheet))],
        title="房卡",
        doc_type=DocumentType.objects.get(code="other"),
        dossier=dossier,
    )
    assert version.page_count == 2 and version.media_type == "application/pdf"
    assert version.document.title == "房卡" and version.document.dossier == dossier
    assert "手机拍摄 2 页（1 页保留原图）" in version.comment
    again = capture_service.capture_document(field, [io.BytesIO(photo)], title="", document=version.document)
    assert again.number == 2 and again.page_count == 1
    from accounts.models import AuditEvent

    actions = list(
        AuditEvent.objects.filter(object_id=str(version.document_id)).values_list("action", flat=True)
    )
    assert "document.created" in actions and "version.added" in actions


def test_capture_pages_is_for_staff_and_images_only(outsider, field, pdf_bytes, photo):
    with pytest.raises(Forbidden):
        capture_service.capture_pages(outsider, [io.BytesIO(photo)])
    with pytest.raises(InvalidInput) as caught:
        capture_service.capture_pages(field, [io.BytesIO(pdf_bytes)])
    assert caught.value.code == "not_an_image"
    with pytest.raises(InvalidInput):
        capture_service.capture_pages(field, [])
    with pytest.raises(UnsupportedMedia):
        capture_service.capture_pages(field, [io.BytesIO(b"not an image")])
    data, report = capture_service.capture_pages(field, [io.BytesIO(photo)])
    assert data.startswith(b"%PDF-") and report[0]["cropped"]


def test_the_capture_page_opens_the_camera_and_files_the_pages(web, field, photo):
    page = web(field).get("/documents/capture/").content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page
    assert "/documents/capture/" in web(field).get("/documents/new/").content.decode()
    response = web(field).post(
        "/documents/capture/",
        {
            "pages": [SimpleUploadedFile("p1.jpg", photo), SimpleUploadedFile("p2.jpg", photo)],
            "title": "借款合同拍摄件",
            "doc_type": "other",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="借款合同拍摄件")
    assert document.current_version.page_count == 2
    bad = web(field).post(
        "/documents/capture/", {"pages": [SimpleUploadedFile("x.jpg", b"nope")], "doc_type": "other"}
    )
    assert bad.status_code in (400, 415)
