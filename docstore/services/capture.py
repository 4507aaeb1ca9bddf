"""Phone capture (issue 12): photographed pages bound into one PDF (docstore.capture), filed as a new document
or a new version through the document services. `capture_pages` is the building block other use cases call
(the seals issue photographs the stamped pages of a physical seal use with it)."""

import io
from typing import BinaryIO

from django.utils.translation import gettext as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, require_role
from core.errors import InvalidInput
from docstore import capture
from docstore.models import Document, DocumentType, Dossier, Version
from docstore.services import documents
from docstore.validation import IMAGE_TYPES, inspect_upload

MAX_PAGES = 50


def capture_pages(actor, images: list[BinaryIO], *, max_pages: int = MAX_PAGES) -> tuple[bytes, list[dict]]:
    """The photos (JPEG, PNG or TIFF), each checked as an upload, deskewed and cropped to the sheet where found,
    bound in order into one PDF. Returns the PDF and, per page, what was done to it."""
    require_role(actor, CLERK, FIELD_STAFF, MANAGER)
    if not images:
        raise InvalidInput(_("请至少拍摄一页。"), code="no_pages")
    if len(images) > max_pages:
        raise InvalidInput(_("一次最多 %(n)s 页。") % {"n": max_pages}, code="too_many_pages")
    pages = []
    for image in images:
        inspection = inspect_upload(image)  # size, type and pixel bombs, as every upload
        if inspection.media_type not in IMAGE_TYPES:
            raise InvalidInput(_("拍摄的页面必须是图片（JPEG、PNG 或 TIFF）。"), code="not_an_image")
        image.seek(0)
        pages.append(capture.prepare_page(image.read()))
    report = [
        {
            "as_taken": p.as_taken,
            "cropped": p.cropped,
            "deskewed": p.deskewed,
            "width": p.width,
            "height": p.height,
        }
        for p in pages
    ]
    return capture.bind(pages), report


def capture_document(
    actor,
    images: list[BinaryIO],
    *,
    title: str,
    doc_type: DocumentType | None = None,
    dossier: Dossier | None = None,
    document: Document | None = None,
    comment: str = "",
) -> Version:
    """The photos as a new document (title, type, dossier) or as a new version of `document`."""
    data, report = capture_pages(actor, images)
    kept = sum(1 for page in report if page["as_taken"])
    note = comment or _("手机拍摄 %(n)s 页（%(kept)s 页保留原图）") % {"n": len(report), "kept": kept}
    name = f"{(title or (document.title if document else '') or _('拍摄件')).strip()[:100]}.pdf"
    if document is not None:
        return documents.add_version(actor, document, file=io.BytesIO(data), filename=name, comment=note)
    if doc_type is None:
        raise InvalidInput(_("请选择文档类型。"), code="no_type")
    created = documents.create_document(
        actor,
        file=io.BytesIO(data),
        filename=name,
        title=title,
        doc_type=doc_type,
        dossier=dossier,
        comment=note,
    )
    return created.current_version
