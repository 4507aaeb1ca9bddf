"""OCR of scans in the background (issue 12): a scanned image or PDF page is read, its lines kept with boxes and
confidence, its text searchable; rotated pages are detected; the searchable PDF's invisible text layer extracts
to the recognised text; the original bytes never change; the fallback engine; the pixel budget."""

import hashlib
import io

import pytest

from bench.ocr_corpus import scan_of
from docstore.models import Derivative, OcrPage
from docstore.ocr import engines

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
SCAN_LINES = ["滨湖雅苑抵押登记受理号 DY778341", "买受人身份证号：110101199003074514"]


@pytest.fixture(autouse=True)
def ocr_on(settings):
    settings.DOCSTORE_OCR = True


@pytest.fixture(scope="module")
def scan():
    return scan_of(SCAN_LINES)


def _plain(text: str) -> str:
    return "".join(text.split())


def test_a_scanned_image_is_read_and_found_by_search(api, clerk, make_document, scan, store):
    document = make_document(scan, "scan.jpg", title="扫描件")
    version = document.current_version
    page = OcrPage.objects.get(version=version)
    assert page.page == 1 and page.engine == "rapidocr" and page.angle == 0
    assert "DY778341" in page.text and "110101199003074514" in page.text
    for line in page.lines:
        assert 0 <= line["box"][0] < line["box"][2] <= 1 and 0 <= line["box"][1] < line["box"][3] <= 1
        assert 0.5 <= line["confidence"] <= 1
    derivative = Derivative.objects.get(version=version)
    assert derivative.ocr_status == "ready" and derivative.searchable_sha256
    # the original bytes are kept as they came
    assert version.sha256 == hashlib.sha256(scan).hexdigest()
    with store.open(version.sha256) as stream:
        assert stream.read() == scan
    hits = api(clerk).get("/api/v1/search", {"q": "滨湖雅苑"}).json()["results"]
    assert [h["document"]["id"] for h in hits] == [document.pk]
    assert "<mark>滨湖雅苑</mark>" in hits[0]["snippet"] and hits[0]["ocr_page"] == 1
    assert [
        h["document"]["id"] for h in api(clerk).get("/api/v1/search", {"q": "DY778341"}).json()["results"]
    ] == [document.pk]


def test_the_searchable_pdf_text_layer_extracts_to_the_recognised_text(
    clerk, make_document, scan, store, web
):
    import pypdfium2 as pdfium

    document = make_document(scan, "scan.jpg", title="扫描件")
    derivative = Derivative.objects.get(version=document.current_version)
    page = OcrPage.objects.get(version=document.current_version)
    with store.open(derivative.searchable_sha256) as stream:
        data = stream.read()
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 1
    extracted = pdf[0].get_textpage().get_text_range()
    assert _plain(extracted) == _plain(page.text)
    assert _plain(derivative.text) == _plain(page.text)  # what is indexed is what the PDF gives
    # the page image is there, the JPEG's own bytes
    assert scan in data
    # downloadable, as an attachment, by staff only; audited
    response = web(clerk).get(f"/versions/{document.current_version.pk}/searchable.pdf")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data
    from accounts.models import AuditEvent

    event = AuditEvent.objects.filter(action="version.downloaded").latest("id")
    assert event.details["rendition"] == "searchable"


def test_searchable_pdf_download_refused_to_outsiders_and_absent_without_ocr(
    clerk, outsider, make_document, scan, web, settings
):
    document = make_document(scan, "scan.jpg", title="扫描件")
    assert web(outsider).get(f"/versions/{document.current_version.pk}/searchable.pdf").status_code == 403
    settings.DOCSTORE_OCR = False
    other = make_document(scan + b"\0", "scan2.jpg", title="未识别")
    assert Derivative.objects.get(version=other.current_version).ocr_status == ""
    assert not OcrPage.objects.filter(version=other.current_version).exists()
    assert web(clerk).get(f"/versions/{other.current_version.pk}/searchable.pdf").status_code == 404


def test_only_pdf_pages_without_a_text_layer_are_read(clerk, make_document, scan, store):
    """Page 1 has a text layer, page 2 is a scan: page 2 alone is read, the text holds both; the searchable
    PDF keeps page 1 as it was and lays the text over page 2."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    from demo.content import make_pdf

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setPageSize((595, 180))
    canvas.drawImage(io_image(scan), 0, 0, 595, 180)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf("商品房买卖合同", ["第一页的文字层"]))))
    writer.append(PdfReader(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    writer.write(out)
    document = make_document(out.getvalue(), "mixed.pdf", title="混合")
    version = document.current_version
    assert list(OcrPage.objects.filter(version=version).values_list("page", flat=True)) == [2]
    derivative = Derivative.objects.get(version=version)
    assert "第一页的文字层" in derivative.text and "DY778341" in derivative.text
    with store.open(derivative.searchable_sha256) as stream:
        pdf = pdfium.PdfDocument(stream.read())
    assert "第一页的文字层" in _plain(pdf[0].get_textpage().get_text_range())
    assert _plain(pdf[1].get_textpage().get_text_range()) == _plain(OcrPage.objects.get(version=version).text)


def io_image(data: bytes):
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_rotated_page_is_detected_and_read(clerk, make_document, scan, turned):
    from PIL import Image

    image = Image.open(io.BytesIO(scan)).rotate(turned, expand=True)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    document = make_document(buffer.getvalue(), "turned.png", title="旋转")
    page = OcrPage.objects.get(version=document.current_version)
    assert page.angle == (360 - turned) % 360  # turned back counter-clockwise to read
    assert "110101199003074514" in page.text and "DY778341" in page.text
    assert page.text.index("DY778341") < page.text.index("110101199003074514")  # reading order


def test_the_fallback_engine_reads_when_the_first_is_missing(clerk, make_document, scan, settings):
    if not engines.available("tesseract"):
        pytest.skip("Tesseract (tesseract-ocr, tesseract-ocr-chi-sim) is not installed; CI installs it")
    settings.DOCSTORE_OCR_ENGINE = "no-such-engine"
    settings.DOCSTORE_OCR_FALLBACK = "tesseract"
    document = make_document(scan, "scan.jpg", title="后备引擎")
    page = OcrPage.objects.get(version=document.current_version)
    assert page.engine == "tesseract"
    assert "110101199003074514" in _plain(page.text)


def test_a_page_no_engine_reads_fails_without_losing_the_document(clerk, make_document, scan, settings):
    settings.DOCSTORE_OCR_ENGINE = "no-such-engine"
    settings.DOCSTORE_OCR_FALLBACK = ""
    document = make_document(scan, "scan.jpg", title="无引擎")
    derivative = Derivative.objects.get(version=document.current_version)
    assert derivative.ocr_status == "failed" and "no-such-engine" in derivative.error
    assert derivative.text_status == "ready" and not OcrPage.objects.exists()


def test_pages_are_rendered_within_the_pixel_budget(settings):
    from docstore import ocr

    settings.DOCSTORE_PREVIEW_MAX_PIXELS = 1_000_000
    scale = ocr.ocr_scale(20, 14_400)  # a strip of a page: 20 x 14,400 pt
    assert 20 * scale * 14_400 * scale <= 1_000_000
    settings.DOCSTORE_PREVIEW_MAX_PIXELS = 40_000_000
    assert max(595 * ocr.ocr_scale(595, 842), 842 * ocr.ocr_scale(595, 842)) == pytest.approx(2000)


def test_the_first_run_reads_one_page_and_the_next_a_batch(clerk, make_document, scan, settings):
    """The first OCR run of a scanned PDF reads its first page only (searchable soonest), the next ones
    DOCSTORE_OCR_BATCH_PAGES pages each."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    from docstore.ocr import work

    settings.DOCSTORE_OCR = False  # uploaded without OCR; the runs below are the task's
    one = io.BytesIO()
    canvas = Canvas(one)
    canvas.setPageSize((595, 180))
    canvas.drawImage(io_image(scan), 0, 0, 595, 180)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter()
    for _ in range(3):
        writer.append(PdfReader(io.BytesIO(one.getvalue())))
    out = io.BytesIO()
    writer.write(out)
    version = make_document(out.getvalue(), "three.pdf", title="三页扫描").current_version
    settings.DOCSTORE_OCR = True
    settings.DOCSTORE_OCR_BATCH_PAGES = 4
    assert work.read_batch(version, 4).ocr_status == "pending"
    assert list(OcrPage.objects.filter(version=version).values_list("page", flat=True)) == [1]
    derivative = work.read_batch(version, 4)
    assert derivative.ocr_status == "ready" and derivative.text.count("DY778341") == 3
    assert sorted(OcrPage.objects.filter(version=version).values_list("page", flat=True)) == [1, 2, 3]


def test_the_detector_sees_a_scaled_copy_and_the_boxes_fit_the_page(settings, scan):
    """The text detector reads a copy at DOCSTORE_OCR_DET_SIDE; the boxes come back in the page's pixels."""
    from PIL import Image

    settings.DOCSTORE_OCR_DET_SIDE = 640
    image = Image.open(io.BytesIO(scan)).convert("RGB")
    reading = engines.get_engine("rapidocr").read(image)
    assert "DY778341" in _plain(" ".join(line.text for line in reading.lines))
    assert max(line.box[2] for line in reading.lines) > 640  # placed on the full page, not on the copy
    for line in reading.lines:
        assert (
            0 <= line.box[0] < line.box[2] <= image.width and 0 <= line.box[1] < line.box[3] <= image.height
        )


def test_the_engine_needs_no_download():
    """The PP-OCR models come inside the installed wheel: the engine loads with every socket refused."""
    import socket

    import rapidocr_onnxruntime

    real = socket.socket.connect

    def refuse(*args, **kwargs):
        raise OSError("network use during OCR")

    socket.socket.connect = refuse
    try:
        engines.get_engine.cache_clear()
        engine = engines.get_engine("rapidocr")
    finally:
        socket.socket.connect = real
    assert engine.engine is not None
    from pathlib import Path

    models = sorted(p.name for p in (Path(rapidocr_onnxruntime.__file__).parent / "models").glob("*.onnx"))
    assert any("det" in m for m in models) and any("rec" in m for m in models)


def test_the_viewer_draws_the_hit_over_the_page_image_and_search_links_there(clerk, make_document, scan, web):
    document = make_document(scan, "scan.jpg", title="扫描件")
    version = document.current_version
    page = OcrPage.objects.get(version=version)
    hit = next(line for line in page.lines if "DY778341" in line["text"])
    html = web(clerk).get(f"/versions/{version.pk}/view/", {"page": 1, "q": "DY778341"}).content.decode()
    assert 'class="ocr-hit"' in html and html.count('class="ocr-hit"') == 1
    assert 'data-box="{} {} {} {}"'.format(*hit["box"]) in html
    assert f"/versions/{version.pk}/searchable.pdf" in html and "js/viewer.js" in html
    found = web(clerk).get("/search/", {"q": "DY778341"}).content.decode()
    assert f"/versions/{version.pk}/view/?page=1&amp;q=DY778341" in found
    plain_view = web(clerk).get(f"/versions/{version.pk}/view/").content.decode()
    assert 'class="ocr-hit"' not in plain_view


TABLE = [["房号", "买受人", "贷款银行", "放款金额"], ["3-1502", "王建国", "建设银行", "860000"],
         ["5-0801", "李秀英", "招商银行", "1250000"]]  # fmt: skip


def _table_scan() -> bytes:
    """A ruled table (按揭放款情况登记表) printed and scanned: every cell's text inside its own box."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    from bench.ocr_corpus import as_scan, font_path

    dpi, cell_w, cell_h = 200, 330, 90
    image = Image.new("L", (int(8.27 * dpi), int(3.5 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path(), 35)
    left, top = 160, 160
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            x, y = left + c * cell_w, top + r * cell_h
            draw.rectangle([x, y, x + cell_w, y + cell_h], outline=0, width=3)
            draw.text((x + 25, y + 22), value, font=font, fill=0)
    return as_scan(image, random.Random(7), skew=0.8)


def test_a_scanned_table_is_read_cell_by_cell(api, clerk, make_document):
    document = make_document(_table_scan(), "table.jpg", title="放款登记表")
    text = _plain(OcrPage.objects.get(version=document.current_version).text)
    for row in TABLE:
        for value in row:
            assert value in text, value
    hits = api(clerk).get("/api/v1/search", {"q": "李秀英"}).json()["results"]
    assert [h["document"]["id"] for h in hits] == [document.pk]
