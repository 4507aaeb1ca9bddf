"""The searchable PDF of a scan: the page images under an invisible text layer (text render mode 3), each
recognised line placed over its box and stretched to its width, in the standard CID font STSong-Light
(Adobe-GB1, UniGB-UCS2-H: every viewer maps it back to Unicode, nothing to embed). A scanned PDF keeps its own
page content (the layer is merged over it, pages with a text layer are left as they are); an image becomes a
PDF whose pages embed its frames (a single-frame JPEG as its own bytes, others losslessly). Stored as a
derivative blob, never as a version."""

import io
import math

from docstore.validation import PDF

FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def draw_lines(canvas, lines: list[dict], angle: int, width: float, height: float) -> None:
    """Each line as invisible text over its box of a width x height page (PDF units, origin bottom left)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = _font()
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        x0, y0, x1, y1 = line["box"]
        left, right = x0 * width, x1 * width
        top, bottom = height - y0 * height, height - y1 * height
        across, along = (right - left, top - bottom) if angle in (90, 270) else (top - bottom, right - left)
        size = max(1.0, across * 0.85)
        natural = stringWidth(text, font, size) or 1.0
        # Where the baseline starts and which way it runs, for each way the page had to be turned to read.
        origin, rotation = {
            0: ((left, bottom + across * 0.15), 0),
            180: ((right, top - across * 0.15), 180),
            90: ((left + across * 0.15, top), -90),
            270: ((right - across * 0.15, bottom), 90),
        }[angle]
        canvas.saveState()
        canvas.translate(*origin)
        canvas.rotate(rotation)
        text_object = canvas.beginText(0, 0)
        text_object.setTextRenderMode(3)
        text_object.setFont(font, size)
        text_object.setHorizScale(max(1.0, along / natural * 100))
        text_object.textOut(text)
        canvas.drawText(text_object)
        canvas.restoreState()


def _layer(pages: list[tuple[float, float, int, list]]) -> bytes:
    """A PDF of text layers only: one page per (width, height, angle, lines)."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for width, height, angle, lines in pages:
        canvas.setPageSize((width, height))
        draw_lines(canvas, lines, angle, width, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def from_pdf(path: str, ocr_pages: dict) -> bytes:
    """The PDF at `path` with a text layer merged over each page in `ocr_pages` ({number: OcrPage})."""
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    numbers = sorted(n for n in ocr_pages if n <= len(writer.pages))
    sizes = []
    for number in numbers:
        page = writer.pages[number - 1]
        if page.rotation:
            page.transfer_rotation_to_content()  # the layer is drawn in the frame the page is seen in
        box = page.mediabox
        sizes.append((float(box.width), float(box.height), float(box.left), float(box.bottom)))
    layer = PdfReader(
        io.BytesIO(
            _layer(
                [
                    (w, h, ocr_pages[n].angle, ocr_pages[n].lines)
                    for n, (w, h, _x, _y) in zip(numbers, sizes, strict=True)
                ]
            )
        )
    )
    for index, number in enumerate(numbers):
        _w, _h, left, bottom = sizes[index]
        writer.pages[number - 1].merge_transformed_page(
            layer.pages[index], Transformation().translate(left, bottom), over=True
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def from_image(path: str, ocr_pages: dict) -> bytes:
    """A PDF with one page per frame of the image at `path`, its size from the image's resolution (200 dpi
    when it names none), the frame drawn full page and the text layer over it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    with Image.open(path) as image:
        frames = getattr(image, "n_frames", 1)
        as_is = image.format == "JPEG" and frames == 1  # reportlab embeds a JPEG file's bytes unchanged
        for number in range(1, frames + 1):
            if number not in ocr_pages:
                continue
            image.seek(number - 1)
            dpi = image.info.get("dpi", (200, 200))
            dpi_x, dpi_y = (
                float(d) if d and not math.isnan(float(d)) and float(d) > 10 else 200.0 for d in dpi[:2]
            )
            width, height = image.width * 72 / dpi_x, image.height * 72 / dpi_y
            canvas.setPageSize((width, height))
            source = path if as_is else ImageReader(image.convert("RGB"))
            canvas.drawImage(source, 0, 0, width, height)
            page = ocr_pages[number]
            draw_lines(canvas, page.lines, page.angle, width, height)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def build(version, path: str, ocr_pages: dict) -> bytes:
    from reportlab import rl_config

    if version.media_type == PDF:
        return from_pdf(path, ocr_pages)
    ascii85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: the JPEG's bytes as they are, a quarter smaller than ASCII85
    try:
        return from_image(path, ocr_pages)
    finally:
        rl_config.useA85 = ascii85
