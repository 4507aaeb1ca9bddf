"""Upload inspection: what the bytes are (never what the name says), and whether they are safe to keep.

Every check reads from a seekable file (Django spools uploads over 2 MB to disk), never the whole upload
into memory. Each format has its module (pdf, docx, images); every parser failure is the file's 4xx.
"""

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TooLarge, UnsupportedMedia
from docstore.validation.docx import inspect_docx
from docstore.validation.images import inspect_image
from docstore.validation.pdf import inspect_pdf, pdf_active_content, stored_pdf_active_content

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", PNG: ".png", JPEG: ".jpg", TIFF: ".tif"}
IMAGE_TYPES = {PNG, JPEG, TIFF}
__all__ = [
    "Inspection",
    "inspect_upload",
    "pdf_active_content",
    "sanitize_filename",
    "stored_pdf_active_content",
]


@dataclass(frozen=True)
class Inspection:
    media_type: str
    page_count: int | None
    size: int
    active_content: bool = False  # a PDF's scripts or actions, read in the same parse as its pages


def sanitize_filename(name: str, media_type: str | None = None) -> str:
    """A display name only: never a path. Keeps CJK, drops directories and control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name).strip().lstrip(".").strip()
    stem, ext = os.path.splitext(name)
    if media_type and ext.lower() not in _aliases(media_type):
        ext = EXTENSIONS.get(media_type, ext)
    stem = stem[:150] or "file"
    return f"{stem}{ext.lower()}"


def _aliases(media_type: str) -> set[str]:
    return {
        PDF: {".pdf"},
        DOCX: {".docx"},
        PNG: {".png"},
        JPEG: {".jpg", ".jpeg"},
        TIFF: {".tif", ".tiff"},
    }.get(media_type, set())


def file_size(stream: BinaryIO) -> int:
    pos = stream.tell()
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(pos)
    return size


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def inspect_upload(stream: BinaryIO) -> Inspection:
    """Raise InvalidInput / TooLarge / UnsupportedMedia, or say what the file is."""
    size = file_size(stream)
    if size == 0:
        raise InvalidInput(_("文件为空。"), code="empty_file")
    if size > settings.MAX_UPLOAD_BYTES:
        raise TooLarge(_("文件过大：上限为 %(mb)s MB。") % {"mb": settings.MAX_UPLOAD_MB})
    stream.seek(0)
    media_type = sniff(stream.read(1024))
    stream.seek(0)
    active = False
    try:
        if media_type == PDF:
            pages, active = inspect_pdf(stream)
        elif media_type in IMAGE_TYPES:
            pages = inspect_image(stream)
        elif media_type == "application/zip":
            media_type, pages = DOCX, inspect_docx(stream)
        else:
            raise UnsupportedMedia(_("不支持的文件类型：仅接受 PDF、DOCX、PNG、JPEG 和 TIFF。"))
    finally:
        stream.seek(0)
    return Inspection(media_type=media_type, page_count=pages, size=size, active_content=active)
