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
