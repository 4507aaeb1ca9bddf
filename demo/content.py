"""Real-looking documents made on the spot: Chinese PDFs (reportlab's built-in CJK font) and DOCX files.

Used by the demo loader, the tests and the benchmarks, so none of them needs fixture files from elsewhere.
"""

import io

from docx import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True
    return CJK_FONT


def make_pdf(
    title: str, paragraphs: list[str], pages: int = 1, landscape_pages: tuple[int, ...] = ()
) -> bytes:
    """A text PDF: a title, the paragraphs wrapped to the page, repeated over `pages` pages."""
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    width, height = A4
    for page in range(1, pages + 1):
        if page in landscape_pages:
            pdf.setPageRotation(90)
        pdf.setFont(font, 16)
        pdf.drawCentredString(width / 2, height - 25 * mm, title)
        pdf.setFont(font, 10.5)
        y = height - 40 * mm
        for paragraph in paragraphs:
            for line in _wrap(paragraph, 38):
                if y < 25 * mm:
                    break
                pdf.drawString(20 * mm, y, line)
                y -= 6.5 * mm
            y -= 3 * mm
        pdf.setFont(font, 9)
        pdf.drawCentredString(width / 2, 12 * mm, f"第 {page} 页 / 共 {pages} 页")
        pdf.showPage()
        if page in landscape_pages:
            pdf.setPageRotation(0)
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    document = DocxDocument()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_png(width: int = 400, height: int = 300, color=(200, 30, 30)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, width - 10, height - 10], outline=color, width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


CONTRACT_CLAUSES = [
    "出卖人与买受人根据《中华人民共和国民法典》《中华人民共和国城市房地产管理法》及其他法律、法规之规定，"
    "在平等、自愿、协商一致的基础上就买卖商品房达成如下协议。",
    "第一条 项目建设依据：出卖人以出让方式取得位于本市的地块的建设用地使用权，土地用途为住宅。",
    "第二条 商品房基本情况：该商品房为预售商品房，建筑面积共计一百零二点三五平方米。",
    "第三条 计价方式与价款：按照套内建筑面积计算，总价款为人民币壹佰贰拾捌万元整。",
    "第四条 付款方式及期限：买受人采取银行按揭贷款方式付款，首付款于签订本合同之日支付。",
    "第五条 交付期限：出卖人应当在约定日期前向买受人交付该商品房，并出具住宅质量保证书。",
    "第六条 不动产登记：双方同意共同向不动产登记机构申请办理该商品房的转移登记。",
]
