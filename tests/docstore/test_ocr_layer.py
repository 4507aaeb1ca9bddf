"""Which PDF text layers are usable (docstore.ocr.layer): a layer that extracts as garbage (a font without a
Unicode map: raw codes, private-use characters), as symbols, or as one stray line over a scanned picture sends
the page to OCR; real Chinese and English layers, and a scanner's own full OCR layer, stay as they are."""

import io

import pytest

from bench.ocr_corpus import scan_of
from docstore.models import Derivative, OcrPage
from docstore.ocr import pages_needing_ocr
from docstore.ocr.layer import PageLayer, read_layers, why_unusable

SCAN_LINES = ["滨湖雅苑抵押登记受理号 DY778341", "买受人身份证号：110101199003074514"]


@pytest.fixture(scope="module")
def scan():
    return scan_of(SCAN_LINES)


def scan_page(scan: bytes, draw=None) -> bytes:
    """A PDF page that is the scan drawn full page, with whatever `draw(canvas)` adds over it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595, 180))
    canvas.drawImage(ImageReader(io.BytesIO(scan)), 0, 0, 595, 180)
    if draw:
        draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def with_type3_layer(pdf_bytes: bytes, to_unicode: int | None) -> bytes:
    """The first page with an invisible line of 39 glyphs in a Type 3 font whose glyph names (/g1...) say
    nothing: without a ToUnicode map it extracts as the raw codes; with one it maps them to `to_unicode`
    onwards (private-use code points, say)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Stream

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    procs, names = Dictionary(), []
    for code in range(1, 60):
        procs[f"/g{code}"] = Stream(pdf, b"600 0 0 0 500 700 d1 0 0 500 700 re f")
        names.append(Name(f"/g{code}"))
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type3,
        FontBBox=[0, 0, 600, 700],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
        CharProcs=procs,
        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([1, *names])),
        FirstChar=1,
        LastChar=59,
        Widths=[600] * 59,
        Resources=Dictionary(),
    )
    if to_unicode is not None:
        cmap = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbage def "
            "1 begincodespacerange <00> <FF> endcodespacerange "
            f"1 beginbfrange <01> <3B> <{to_unicode:04X}> endbfrange "
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        )
        font.ToUnicode = Stream(pdf, cmap.encode())
    page = pdf.pages[0]
    if "/Font" not in page.Resources:
        page.Resources.Font = Dictionary()
    page.Resources.Font.T3 = font
    codes = bytes(range(1, 40)).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    for y in (140, 100, 60):
        page.contents_add(Stream(pdf, b"BT 3 Tr /T3 14 Tf 20 %d Td (%s) Tj ET" % (y, codes)), prepend=False)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def layers_of(tmp_path, data: bytes) -> list[PageLayer]:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    return read_layers(str(path))


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("商品房买卖合同，买受人应当按照约定的付款方式和期限支付房价款。", ""),
        ("Loan agreement HT-2026-00017: the borrower repays by 30 June 2027.", ""),
        ("☑ 同意 ☐ 不同意 —— 借款合同第 3 条（续）", ""),
        ("第 1 页", "too few characters"),
        ("".join(chr(c) for c in range(1, 31)), "garbage"),
        ("\ufffd" * 12 + "合同", "garbage"),
        ("".join(chr(0xE000 + i) for i in range(30)), "garbage"),
        ("■□▲△◆◇○●★☆" * 3 + "合同", "not text"),
    ],
)
def test_the_text_of_a_layer_is_judged(text, verdict):
    assert why_unusable(PageLayer(text)) == verdict


def test_real_chinese_and_english_layers_stay_usable(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from demo.content import make_pdf

    chinese = make_pdf(
        "商品房买卖合同", ["出卖人应当在约定期限内将该商品房交付买受人使用，并办理交接手续。"] * 4
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for row in range(30):
        canvas.drawString(72, 760 - row * 16, f"Loan agreement number HT-2026-{row:05d}, borrower Zhang Wei.")
    canvas.showPage()
    canvas.save()
    for data in (chinese, buffer.getvalue()):
        [layer] = layers_of(tmp_path, data)
        assert why_unusable(layer) == "" and layer.image_cover == 0


def test_a_scanners_own_text_layer_over_its_scan_stays_usable(tmp_path, scan):
    """An invisible layer over each line of the scan (as a scanner's OCR writes it) is not read again."""
    from docstore.ocr.searchable import _font

    def layer(canvas):
        text = canvas.beginText()
        text.setTextRenderMode(3)
        text.setFont(_font(), 16)
        text.setTextOrigin(40, 110)
        text.textLine(SCAN_LINES[0])
        text.setTextOrigin(40, 60)
        text.textLine(SCAN_LINES[1])
        canvas.drawText(text)

    [page] = layers_of(tmp_path, scan_page(scan, layer))
    assert page.image_cover == 1 and page.text_cover >= 0.01
    assert why_unusable(page) == ""


def test_one_stamped_line_over_a_scanned_page_is_tiny_against_the_ink(tmp_path, scan):
    def stamp(canvas):
        canvas.setFont("Helvetica", 5)
        canvas.drawString(480, 4, "Scanned with CamScanner")

    [page] = layers_of(tmp_path, scan_page(scan, stamp))
    assert page.text.strip() == "Scanned with CamScanner" and page.image_cover == 1
    assert why_unusable(page) == "tiny against the ink"


@pytest.mark.django_db
@pytest.mark.usefixtures("run_on_commit")
@pytest.mark.parametrize("to_unicode", [None, 0xE001], ids=["no-unicode-map", "private-use"])
def test_a_garbage_layer_over_a_scan_is_read_by_ocr_and_found(
    api, clerk, make_document, scan, settings, to_unicode
):
    settings.DOCSTORE_OCR = True
    data = with_type3_layer(scan_page(scan), to_unicode)
    document = make_document(data, "garbled.pdf", title="乱码文字层")
    version = document.current_version
    page = OcrPage.objects.get(version=version)
    assert page.page == 1 and "DY778341" in page.text
    derivative = Derivative.objects.get(version=version)
    assert derivative.ocr_status == "ready" and "DY778341" in derivative.text
    assert not any(ord(ch) < 9 or 0xE000 <= ord(ch) <= 0xF8FF for ch in derivative.text)
    hits = api(clerk).get("/api/v1/search", {"q": "滨湖雅苑"}).json()["results"]
    assert [h["document"]["id"] for h in hits] == [document.pk]


@pytest.mark.django_db
def test_only_the_garbage_page_of_a_pdf_goes_to_ocr(tmp_path, scan):
    from pypdf import PdfReader, PdfWriter

    from demo.content import make_pdf

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf("借款合同", ["借款人应当按期归还借款本金和利息。"]))))
    writer.append(PdfReader(io.BytesIO(with_type3_layer(scan_page(scan), None))))
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(out.getvalue())

    class Version:
        media_type = "application/pdf"

    assert pages_needing_ocr(Version(), str(path)) == [2]


@pytest.mark.django_db
def test_the_text_task_reads_the_pdf_once_for_its_text_and_its_ocr_plan(make_document, settings, monkeypatch):
    """The text and the pages needing OCR come from one pass over the pages (loading them was most of the task)."""
    import pypdfium2

    from demo.content import make_pdf
    from docstore import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    settings.DOCSTORE_OCR = True  # the plan is made (the tests turn OCR off elsewhere)
    document = make_document(make_pdf("合同", ["第一条 买受人 张三"], pages=3), "c.pdf")
    opened = []
    real = pypdfium2.PdfDocument

    def counting(*args, **kwargs):
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", counting)
    tasks.extract_text.call(document.current_version_id)
    assert len(opened) == 1
    derivative = Derivative.objects.get(version_id=document.current_version_id)
    assert "买受人" in derivative.text and derivative.ocr_status != Derivative.Status.PENDING
