"""Whether a PDF page's text layer is usable, or the page must be read by OCR.

A layer can be present and still useless: a font embedded without a Unicode map (no ToUnicode, glyph names a
viewer cannot read) extracts as the font's raw codes - control characters, private-use code points, U+FFFD -
or as symbols; and a scan that a scanner or an app stamped with a line of text ("Scanned with ...", a page
number) has a layer, but it says nothing of the page's picture. Four tests, each cheap (no rendering):

1. too few characters: fewer non-blank characters than DOCSTORE_OCR_MIN_LAYER_CHARS (a scan's stray mark);
2. garbage: more than GARBAGE_SHARE of them are control, private-use, unassigned or replacement characters,
   which no real text carries in quantity;
3. not text: fewer than READABLE_SHARE are letters or digits (any script) or ordinary punctuation (ASCII,
   general, CJK and full-width), as when codes map onto dingbats, box drawing and other symbols;
4. tiny against the ink: images cover at least IMAGE_SHARE of the page (a scan) while the characters' boxes
   cover less than TEXT_SHARE of it. A scanner's own OCR layer covers its text lines (a sparse page of a few
   lines still covers 1.5-2 %; a dense one 10-30 %), a one-line stamp or caption over a scanned page covers a
   few tenths of a percent.
"""

import os
import threading
import unicodedata
from dataclasses import dataclass

from core.pdfium import PDFIUM_LOCK
from docstore import conf

GARBAGE_SHARE = 0.1
READABLE_SHARE = 0.5
IMAGE_SHARE = 0.5
TEXT_SHARE = 0.01
_PUNCTUATION_BLOCKS = (
    (0x0021, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class PageLayer:
    text: str
    text_cover: float = 0.0  # share of the page's area under the characters' boxes
    image_cover: float = 0.0  # share of the page's area under images (at most 1)


def _readable(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category[0] in "LN":
        return True
    code = ord(ch)
    return category[0] == "P" and any(lo <= code <= hi for lo, hi in _PUNCTUATION_BLOCKS)


def _garbage(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def why_unusable(layer: PageLayer) -> str:
    """The test the layer fails ("" when it can stand for the page)."""
    chars = "".join(layer.text.split())
    if len(chars) < conf.ocr_min_layer_chars():
        return "too few characters"
    if sum(map(_garbage, chars)) > GARBAGE_SHARE * len(chars):
        return "garbage"
    if sum(map(_readable, chars)) < READABLE_SHARE * len(chars):
        return "not text"
    if layer.image_cover >= IMAGE_SHARE and layer.text_cover < TEXT_SHARE:
        return "tiny against the ink"
    return ""


def usable(layer: PageLayer) -> bool:
    return not why_unusable(layer)


def _cover(boxes, area: float) -> float:
    """The share of `area` under these (left, bottom, right, top) boxes (overlaps counted twice, at most 1)."""
    total = sum(max(0.0, r - left) * max(0.0, t - b) for left, b, r, t in boxes)
    return min(1.0, total / area) if area > 0 else 0.0


def read_layers(path: str) -> list[PageLayer]:
    """The text layer of each PDF page (of the first DOCSTORE_PREVIEW_MAX_PAGES), with what it covers."""
    return read_pdf(path)[1]


# The text task reads a PDF's text (docstore.text) and then asks which pages need OCR (docstore.ocr.work.plan):
# one pass over the pages serves both. Loading the pages was 80% of the task (82 ms for an 11-page contract),
# twice; the last file read is kept, known by its inode, size and time.
_LAST: dict = {}
_LAST_LOCK = threading.Lock()


def read_pdf(path: str) -> tuple[list[str], list[PageLayer]]:
    """(the text of every page, the layer of each of the first DOCSTORE_PREVIEW_MAX_PAGES)."""
    stat = os.stat(path)
    key = (path, stat.st_ino, stat.st_size, stat.st_mtime_ns, conf.preview_max_pages())
    with _LAST_LOCK:
        if key in _LAST:
            return _LAST[key]
    found = _read_pdf(path, key[-1])
    with _LAST_LOCK:
        _LAST.clear()
        _LAST[key] = found
    return found


def _read_pdf(path: str, judged: int) -> tuple[list[str], list[PageLayer]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    texts, layers = [], []
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                texts.append(text)
                if index < judged:
                    width, height = page.get_size()
                    text_boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]
                    images = [o.get_bounds() for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
                    layers.append(
                        PageLayer(text, _cover(text_boxes, width * height), _cover(images, width * height))
                    )
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return texts, layers
