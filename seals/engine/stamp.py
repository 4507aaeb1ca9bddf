"""The stamping engine (pypdf): seal images placed on pages, and the cross-page seal over the right edges.

The seal is one image XObject with its alpha as /SMask, drawn with a multiply blend (ExtGState /BM
/Multiply) so that the text under it stays visible, like ink. The original page content is wrapped in
q ... Q and left byte for byte as it was; the file is written as an incremental update.

Coordinates: placements are in millimetres from the bottom-left corner of the page *as seen* (after
/Rotate, inside the CropBox), and name the centre of the impression. Each page gets a matrix that maps
"as seen" points to its user space, so rotated pages and boxes that do not start at 0,0 come out right.
"""

import io
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from seals.engine.images import pdf_parts

MM = 72 / 25.4
SEAL_NAME = "/PTSeal"
GS_NAME = "/PTInk"
PRESETS = {
    # name: (page, x from the right edge in mm (negative) or from the left, y in mm)
    "last_page_signature": ("last", -55.0, 50.0),
    "first_page_signature": (1, -55.0, 50.0),
    "last_page_centre": ("last", None, None),
}


def cross_page_groups(count: int, size_mm: float, min_strip_mm: float) -> list[int]:
    """How many pages each cross-page impression spans: as few impressions as keep every strip at least
    `min_strip_mm` wide, the pages shared out evenly (sizes differ by one at most). 0 means one impression."""
    if count < 1:
        return []
    per_group = count
    if min_strip_mm > 0:
        per_group = max(1, min(count, int(size_mm / min_strip_mm + 1e-9)))
    groups = -(-count // per_group)
    base, extra = divmod(count, groups)
    return [base + 1 if index < extra else base for index in range(groups)]


class StampError(ValueError):
    """The PDF cannot be stamped (damaged, encrypted) or a placement is off the document."""


@dataclass(frozen=True)
class PageBox:
    """A page as seen: its size in points and the matrix from seen coordinates to user space."""

    width: float
    height: float
    matrix: tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Placement:
    page: int  # 1-based
    x_mm: float
    y_mm: float


def _inherited(page, key):
    node = page
    for _depth in range(64):
        if node is None:
            return None
        value = node.get(key)
        if value is not None:
            return value.get_object()
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def page_box(page) -> PageBox:
    box = _inherited(page, "/CropBox") or _inherited(page, "/MediaBox")
    if box is None:
        raise StampError("page without MediaBox")
    x0, y0, x1, y1 = (float(v) for v in box)
    llx, lly = min(x0, x1), min(y0, y1)
    w, h = abs(x1 - x0), abs(y1 - y0)
    rotate = int(_inherited(page, "/Rotate") or 0) % 360
    if rotate == 90:
        return PageBox(h, w, (0, 1, -1, 0, llx + w, lly))
    if rotate == 180:
        return PageBox(w, h, (-1, 0, 0, -1, llx + w, lly + h))
    if rotate == 270:
        return PageBox(h, w, (0, -1, 1, 0, llx, lly + h))
    return PageBox(w, h, (1, 0, 0, 1, llx, lly))


def open_pdf(source: bytes | BinaryIO) -> PdfReader:
    """A reader for a stampable PDF, or StampError (encrypted, damaged, no pages)."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise StampError("encrypted")
        if len(reader.pages) < 1:
            raise StampError("no pages")
        reader.pages[0].mediabox  # noqa: B018  (touch the first page: a broken tree fails here)
    except StampError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise StampError("damaged") from exc
    return reader


def resolve_placements(raw: list, boxes: list[PageBox], size_mm: float) -> list[Placement]:
    """Turn [{page, x, y} | {preset}] into concrete placements; StampError when off the document."""
    placements = []
    count = len(boxes)
    for entry in raw or []:
        if "preset" in entry:
            if entry["preset"] not in PRESETS:
                raise StampError(f"unknown preset {entry['preset']!r}")
            page, x, y = PRESETS[entry["preset"]]
        else:
            page, x, y = entry.get("page"), entry.get("x"), entry.get("y")
        page = count if page in ("last", -1) else page
        if isinstance(page, float) and page.is_integer():
            page = int(page)
        if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= count:
            raise StampError(f"page {page} is not in the document (1-{count})")
        box = boxes[page - 1]
        width_mm, height_mm = box.width / MM, box.height / MM
        if x is None:
            x, y = width_mm / 2, height_mm / 2
        x, y = float(x), float(y)
        if x < 0:  # presets count from the right edge
            x = width_mm + x
        if not (0 <= x <= width_mm and 0 <= y <= height_mm):
            raise StampError(f"placement ({x:.0f}, {y:.0f}) mm is outside page {page}")
        placements.append(Placement(page, x, y))
    return placements


def _image_xobjects(writer: PdfWriter, png: bytes):
    parts = pdf_parts(png)
    smask = StreamObject()
    smask._data = parts.alpha
    smask.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(parts.width),
            NameObject("/Height"): NumberObject(parts.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/FlateDecode"),
        }
    )
    image = StreamObject()
    image._data = parts.rgb
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(parts.width),
            NameObject("/Height"): NumberObject(parts.height),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/FlateDecode"),
            NameObject("/SMask"): writer._add_object(smask),
        }
    )
    gstate = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/ExtGState"),
            NameObject("/BM"): NameObject("/Multiply"),
            NameObject("/ca"): FloatObject(1),
        }
    )
    return writer._add_object(image), writer._add_object(gstate), parts.width / parts.height


def _fmt(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _add_resources(page, image_ref, gs_ref) -> None:
    resources = _inherited(page, "/Resources")
    resources = DictionaryObject(resources) if resources is not None else DictionaryObject()
    for key, name, ref in (("/XObject", SEAL_NAME, image_ref), ("/ExtGState", GS_NAME, gs_ref)):
        sub = resources.get(key)
        sub = DictionaryObject(sub.get_object()) if sub is not None else DictionaryObject()
        sub[NameObject(name)] = ref
        resources[NameObject(key)] = sub
    page[NameObject("/Resources")] = resources


def stamp_pdf(
    source: bytes | BinaryIO,
    seal_png: bytes,
    *,
    size_mm: float,
    placements: list,
    cross_page: bool = False,
    cross_y_mm: float | None = None,
    cross_min_strip_mm: float = 0,
    incremental: bool = True,
) -> tuple[bytes, int]:
    """Stamp and return (the new PDF bytes, impressions made). Raises StampError.

    The cross-page seal is one impression split over the right edges of the pages. A long document would
    leave each page a sliver no one can match, so with `cross_min_strip_mm` it is repeated over groups of
    consecutive pages, each group carrying a whole impression; it still counts as one impression.

    `incremental=False` rewrites the whole file instead of appending an update: for files whose own
    cross-reference table is broken (readers repair it on the fly; a signature over an update cannot).
    """
    reader = open_pdf(source)
    try:
        writer = PdfWriter(reader, incremental=True) if incremental else PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StampError("damaged") from exc
    pages = writer.pages
    boxes = [page_box(page) for page in pages]
    resolved = resolve_placements(placements, boxes, size_mm)
    if not resolved and not cross_page:
        raise StampError("nothing to stamp")
    image_ref, gs_ref, aspect = _image_xobjects(writer, seal_png)
    seal_w = size_mm * MM
    seal_h = seal_w / aspect
    by_page: dict[int, list[Placement]] = {}
    for placement in resolved:
        by_page.setdefault(placement.page, []).append(placement)
    # (strip width, position in its group) per page
    strips = []
    for size in cross_page_groups(len(pages), size_mm, cross_min_strip_mm) if cross_page else ():
        strips.extend((seal_w / size, position) for position in range(size))
    opening = DecodedStreamObject()
    opening.set_data(b"q\n")
    opening_ref = writer._add_object(opening)
    for index, page in enumerate(pages):
        here = by_page.get(index + 1)
        if not here and not cross_page:
            continue
        box = boxes[index]
        ops = ["Q", "q", " ".join(_fmt(v) for v in box.matrix) + " cm", f"{GS_NAME} gs"]
        for p in here or ():
            x, y = p.x_mm * MM - seal_w / 2, p.y_mm * MM - seal_h / 2
            ops.append(f"q {_fmt(seal_w)} 0 0 {_fmt(seal_h)} {_fmt(x)} {_fmt(y)} cm {SEAL_NAME} Do Q")
        if cross_page:
            centre = (cross_y_mm * MM) if cross_y_mm is not None else box.height / 2
            y = min(max(centre - seal_h / 2, 0), max(box.height - seal_h, 0))
            right = box.width
            strip, position = strips[index]
            # page i of a group shows strip i of its N at its right edge
            left = right - (position + 1) * strip
            ops.append(
                f"q {_fmt(right - strip)} {_fmt(y)} {_fmt(strip)} {_fmt(seal_h)} re W n "
                f"{_fmt(seal_w)} 0 0 {_fmt(seal_h)} {_fmt(left)} {_fmt(y)} cm {SEAL_NAME} Do Q"
            )
        ops.append("Q")
        closing = DecodedStreamObject()
        closing.set_data(("\n".join(ops) + "\n").encode("ascii"))
        existing = []
        if "/Contents" in page:
            raw = page.raw_get("/Contents")
            obj = raw.get_object()
            existing = list(obj) if isinstance(obj, ArrayObject) else [raw]
        page[NameObject("/Contents")] = ArrayObject([opening_ref, *existing, writer._add_object(closing)])
        _add_resources(page, image_ref, gs_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(resolved) + (1 if cross_page else 0)


def page_count(source: bytes | BinaryIO) -> int:
    return len(open_pdf(source).pages)
