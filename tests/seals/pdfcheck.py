"""Look at rendered pages (pypdfium2) for seal-red pixels."""

import io

import pypdfium2 as pdfium

MM = 72 / 25.4


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 150 and g < 110 and b < 110 and r - g > 80


def red_fraction(pdf: bytes, page: int, box_mm, scale: float = 3.0) -> float:
    """Share of seal-red pixels in box_mm = (x0, y0, x1, y1), mm from the bottom-left of the page as seen."""
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        p = doc[page - 1]
        width, height = p.get_size()  # pdfium answers the size as seen (after /Rotate)
        x0, y0, x1, y1 = (v * MM for v in box_mm)
        x1 = max(x1, x0 + 1 / scale)
        crop = (x0, y0, max(width - x1, 0), max(height - y1, 0))  # left, bottom, right, top cut off
        image = p.render(scale=scale, crop=crop).to_pil().convert("RGB")
        p.close()
    finally:
        doc.close()
    raw = image.tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    return sum(1 for px in pixels if is_red(px)) / max(len(pixels), 1)


def page_size_mm(pdf: bytes, page: int) -> tuple[float, float]:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        p = doc[page - 1]
        w, h = p.get_size()
        p.close()
        return w / MM, h / MM
    finally:
        doc.close()


def strip_red(pdf: bytes, page: int, strip_mm: float, seal_mm: float, scale: float = 6.0):
    """(red share inside the right-edge strip, red share just left of it) at the seal's height."""
    w, h = page_size_mm(pdf, page)
    y0, y1 = h / 2 - seal_mm / 2, h / 2 + seal_mm / 2
    inside = red_fraction(pdf, page, (w - strip_mm, y0, w, y1), scale)
    outside = red_fraction(pdf, page, (max(w - strip_mm - 4, 0), y0, w - strip_mm - 0.6, y1), scale)
    return inside, outside
