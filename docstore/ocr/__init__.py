"""OCR of scans and photos (issue 12), in the background, never in a request.

The text task (docstore.tasks.extract_text) indexes the text layer first, so a document with one is searchable
at once; when some pages have no usable text layer (every image frame, every scanned PDF page) it queues
`docstore.tasks.ocr_pages`, which reads a few pages per run (DOCSTORE_OCR_BATCH_PAGES), keeps each page's lines
as an OcrPage row and indexes the text again after every batch, so the first pages of a long scan are found
while the rest is read and another upload's text task never waits behind a 300-page scan. Once every page is
read it builds the searchable PDF (docstore.ocr.searchable), whose extracted text becomes the version's text.
The original bytes are never changed. Each page is rendered within DOCSTORE_PREVIEW_MAX_PIXELS and at most
DOCSTORE_OCR_MAX_SIDE pixels on its longer side, which bounds the memory and the time of a page.
"""

import logging
import math
import time
from contextlib import contextmanager

from core.pdfium import PDFIUM_LOCK
from docstore import conf
from docstore.ocr.engines import EngineUnavailable, Reading, get_engine, give_back_memory, upright_centre
from docstore.ocr.layer import PageLayer, read_layers, usable
from docstore.text import join_wrapped_lines
from docstore.validation import PDF

log = logging.getLogger(__name__)
IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif"}


def can_read(media_type: str) -> bool:
    return media_type == PDF or media_type in IMAGE_TYPES


def read_image(image) -> Reading:
    """The page read by the configured engine, or by the fallback when that one is missing or fails."""
    names = [conf.ocr_engine()] + [n for n in [conf.ocr_fallback()] if n and n != conf.ocr_engine()]
    last = None
    for name in names:
        try:
            return get_engine(name).read(image)
        except EngineUnavailable as exc:
            last = exc
            log.warning("OCR engine %s unavailable: %s", name, exc)
        except Exception as exc:  # a page the engine chokes on: the fallback may read it
            last = exc
            log.warning("OCR engine %s failed on a page: %s", name, exc)
    raise EngineUnavailable(str(last))


def ordered_lines(reading: Reading, width: int, height: int) -> list:
    """The lines in reading order of the upright page: rows top to bottom (lines whose centres lie within half
    a line height of each other share a row, as the cells of a table do), left to right within a row."""
    placed = []
    for line in reading.lines:
        x, y = upright_centre(line.box, reading.angle, width, height)
        size = (line.box[2] - line.box[0]) if reading.angle in (90, 270) else (line.box[3] - line.box[1])
        placed.append((y, x, max(size, 1.0), line))
    placed.sort(key=lambda p: (p[0], p[1]))
    rows: list[list] = []
    for item in placed:
        if rows and abs(item[0] - rows[-1][0][0]) < min(item[2], rows[-1][0][2]) / 2:
            rows[-1].append(item)
        else:
            rows.append([item])
    return [[item[3] for item in sorted(row, key=lambda p: p[1])] for row in rows]


def page_text(rows) -> str:
    return join_wrapped_lines("\n".join(" ".join(line.text for line in row) for row in rows))


def record(reading: Reading, width: int, height: int) -> tuple[list[dict], str]:
    """The lines as stored on OcrPage (boxes in fractions of the page image), and the page's text."""
    rows = ordered_lines(reading, width, height)
    lines = [
        {
            "text": line.text,
            "box": [
                round(line.box[0] / width, 5),
                round(line.box[1] / height, 5),
                round(line.box[2] / width, 5),
                round(line.box[3] / height, 5),
            ],
            "confidence": round(line.confidence, 4),
        }
        for row in rows
        for line in row
    ]
    return lines, page_text(rows)


# ---------------------------------------------------------------- pages of a version


def layer_texts(path: str) -> list[PageLayer]:
    """The text layer of each PDF page (of the first DOCSTORE_PREVIEW_MAX_PAGES), judged by `usable`."""
    return read_layers(path)


def pages_needing_ocr(version, path: str) -> list[int]:
    """Page numbers (1-based) to recognise: every frame of an image, the PDF pages without a usable layer."""
    if version.media_type in IMAGE_TYPES:
        from PIL import Image

        with Image.open(path) as image:
            return list(range(1, min(getattr(image, "n_frames", 1), conf.preview_max_pages()) + 1))
    if version.media_type == PDF:
        return [n for n, layer in enumerate(layer_texts(path), 1) if not usable(layer)]
    return []


def ocr_scale(width: float, height: float) -> float:
    """Pixels per unit for a width x height page: its longer side at DOCSTORE_OCR_MAX_SIDE, within the pixel
    budget of the previews."""
    width, height = max(width, 1e-3), max(height, 1e-3)
    budget = conf.preview_max_pixels()
    return min(conf.ocr_max_side() / max(width, height), math.sqrt(budget / (width * height)))


def fit_image(image):
    """An image frame as RGB, scaled down to DOCSTORE_OCR_MAX_SIDE on its longer side (within the pixel budget)."""
    scale = min(1.0, ocr_scale(image.width, image.height))
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    if size != image.size and image.format == "JPEG":
        image.draft("RGB", size)  # the decoder scales down: less memory than decoding in full
    frame = image.convert("RGB")
    return frame if frame.size == size else frame.resize(size, resample=3)


def render_page(version, path: str, number: int):
    """One page as an RGB image for OCR (the pdfium lock only while rendering)."""
    if version.media_type in IMAGE_TYPES:
        from PIL import Image

        with Image.open(path) as image:
            image.seek(number - 1)
            return fit_image(image)
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[number - 1]
            bitmap = page.render(scale=ocr_scale(*page.get_size()))
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
        finally:
            pdf.close()
    return image


@contextmanager
def source_path(version):
    """The bytes OCR reads: the version's own, or the repaired copy of a damaged PDF."""
    from docstore.readable import readable_path

    with readable_path(version) as path:
        yield path


def read_pages(version, numbers) -> list:
    """Read these pages; the unsaved OcrPage rows."""
    from docstore.models import OcrPage

    rows = []
    with source_path(version) as path:
        for number in numbers:
            started = time.monotonic()
            image = render_page(version, path, number)
            reading = read_image(image)
            lines, text = record(reading, image.width, image.height)
            del image
            give_back_memory()
            rows.append(
                OcrPage(
                    version=version,
                    page=number,
                    engine=reading.engine,
                    angle=reading.angle,
                    lines=lines,
                    text=text,
                    seconds=round(time.monotonic() - started, 3),
                )
            )
    return rows
