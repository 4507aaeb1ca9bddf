"""Page geometry of a version for the placement widget: each page's size in mm *as seen* (the stamping
engine's own coordinate system) and the URL of its preview image."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from docstore import freezing
from docstore.models import Version
from seals.engine import stamp as engine
from storage.registry import get_store

PDF = "application/pdf"


def page_geometry(version: Version) -> list[dict]:
    if version.media_type != PDF:
        raise InvalidInput(_("只有 PDF 文件可以在页面上放置电子印章。"), code="not_pdf")
    freezing.require_not_disposed(version.document_id, reading=True)
    with get_store().open(version.sha256) as stream:
        data = stream.read()
    try:
        reader = engine.open_pdf(data)
    except engine.StampError as exc:
        raise InvalidInput(_("PDF 文件无法读取：%(why)s") % {"why": exc}, code="bad_pdf") from exc
    out = []
    for number, page in enumerate(reader.pages, start=1):
        box = engine.page_box(page)
        out.append(
            {
                "page": number,
                "width_mm": round(box.width / engine.MM, 2),
                "height_mm": round(box.height / engine.MM, 2),
                "image": reverse("docstore:version-page-image", args=[version.pk, number]),
            }
        )
    return out


def _boxes(version: Version) -> list:
    with get_store().open(version.sha256) as stream:
        return [engine.page_box(page) for page in engine.open_pdf(stream.read()).pages]


def overlay(item, placements: list) -> dict:
    """What the approval page and the queue show of an item: each impression resolved to its page and
    millimetres (presets and "last" made concrete, as stamping will), which pages to draw, and the same in
    words. A physical item, or a file that is not a readable PDF, has only the words."""
    size = float(item.seal.size_mm)
    out = {"drawn": False, "rows": [], "cross": item.cross_page, "size_mm": size, "error": ""}
    if item.mode != "electronic":
        return out
    if item.version.media_type != PDF:
        out["error"] = _("只有 PDF 文件可以在页面上放置电子印章。")
        return out
    try:
        boxes = _boxes(item.version)
        resolved = engine.resolve_placements(placements, boxes, size)
    except engine.StampError as exc:
        out["error"] = _("盖章位置无法在此文件上显示：%(why)s") % {"why": exc}
        return out
    count = len(boxes)
    marks = [{"page": p.page, "x": round(p.x_mm, 1), "y": round(p.y_mm, 1)} for p in resolved]
    shown = {m["page"] for m in marks} | {1}
    if item.cross_page:
        shown.add(count)
    out.update(
        drawn=True,
        placements=marks,
        pages=count,
        show=sorted(shown),
        seal_image=reverse("seals:image", args=[item.seal_id]) if item.seal.image_sha256 else "",
        rows=[
            _("第 %(page)s 页，x %(x).1f 毫米，y %(y).1f 毫米：%(seal)s 1 次")
            % {"page": m["page"], "x": m["x"], "y": m["y"], "seal": item.seal.name}
            for m in marks
        ],
    )
    if item.cross_page:
        out["rows"].append(
            _("骑缝章：%(seal)s，分在全部 %(n)s 页的右边缘，1 次") % {"seal": item.seal.name, "n": count}
        )
    return out
