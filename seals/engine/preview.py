"""Small PNG page images for the approval queue (pypdfium2), rendered on request and never cached."""

import io

import pypdfium2 as pdfium

from core.pdfium import PDFIUM_LOCK  # PDFium is not thread-safe


class PreviewError(ValueError):
    pass


def page_png(data: bytes, page: int, scale: float = 0.35) -> bytes:
    with PDFIUM_LOCK:
        image = _render(data, page, scale)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _render(data: bytes, page: int, scale: float):
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PreviewError(str(exc)) from exc
    try:
        if not 1 <= page <= len(doc):
            raise PreviewError("no such page")
        p = doc[page - 1]
        try:
            image = p.render(scale=scale).to_pil()
        finally:
            p.close()
    finally:
        doc.close()
    return image
