"""Upload inspection: what the bytes are (never what the name says), and whether they are safe to keep.

Every check reads from a seekable file (Django spools uploads over 2 MB to disk), never the whole upload
into memory.
"""

import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TooLarge, UnsupportedMedia
from core.pdfium import PDFIUM_LOCK

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", PNG: ".png", JPEG: ".jpg", TIFF: ".tif"}
IMAGE_TYPES = {PNG, JPEG, TIFF}
DOCX_MAX_XML_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200  # a member expanding more than 200x is treated as a zip bomb


@dataclass(frozen=True)
class Inspection:
    media_type: str
    page_count: int | None
    size: int


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
    try:
        if media_type == PDF:
            pages = _inspect_pdf(stream)
        elif media_type in IMAGE_TYPES:
            pages = _inspect_image(stream)
        elif media_type == "application/zip":
            media_type, pages = DOCX, _inspect_docx(stream)
        else:
            raise UnsupportedMedia(_("不支持的文件类型：仅接受 PDF、DOCX、PNG、JPEG 和 TIFF。"))
    finally:
        stream.seek(0)
    return Inspection(media_type=media_type, page_count=pages, size=size)


def _inspect_pdf(stream: BinaryIO) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise InvalidInput(_("PDF 已加密：请上传未加密的文件。"), code="encrypted_pdf")
        pages = len(reader.pages)
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InvalidInput(_("PDF 文件已损坏，无法打开。"), code="damaged_pdf") from exc
    if pages < 1:
        raise InvalidInput(_("PDF 文件没有页面。"), code="damaged_pdf")
    # pdfium is what renders previews and stamps: it must open the file too.
    _open_with_pdfium(stream)
    return pages


def _open_with_pdfium(stream: BinaryIO) -> None:
    import pypdfium2 as pdfium

    stream.seek(0)
    source = _pdfium_source(stream)
    try:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(source)
            try:
                if len(doc) < 1:
                    raise InvalidInput(_("PDF 文件没有页面。"), code="damaged_pdf")
            finally:
                doc.close()
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InvalidInput(_("PDF 已加密：请上传未加密的文件。"), code="encrypted_pdf") from exc
        raise InvalidInput(_("PDF 文件已损坏，无法打开。"), code="damaged_pdf") from exc


def _pdfium_source(stream: BinaryIO):
    path = getattr(stream, "temporary_file_path", None)
    if callable(path):
        return path()
    name = getattr(stream, "name", None)
    if isinstance(name, str) and os.path.isfile(name):
        return name
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()
    inner = getattr(stream, "file", None)
    if isinstance(inner, io.BytesIO):
        return inner.getvalue()
    stream.seek(0)
    return stream.read()


def _inspect_image(stream: BinaryIO) -> int:
    from PIL import Image, UnidentifiedImageError

    limit = settings.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        old_limit = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = limit
        try:
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > limit:
                    raise InvalidInput(_("图片像素过多（可能是图片炸弹）。"), code="image_bomb")
                frames = getattr(image, "n_frames", 1)
                image.verify()
            return frames
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise InvalidInput(_("图片像素过多（可能是图片炸弹）。"), code="image_bomb") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise InvalidInput(_("图片文件已损坏，无法打开。"), code="damaged_image") from exc
        finally:
            Image.MAX_IMAGE_PIXELS = old_limit


def _inspect_docx(stream: BinaryIO) -> int | None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(_("DOCX 文件已损坏，无法打开。"), code="damaged_docx") from exc
    with archive:
        members = archive.infolist()
        if len(members) > settings.DOCX_MAX_MEMBERS:
            raise InvalidInput(_("DOCX 文件包含的部件过多（可能是压缩炸弹）。"), code="zip_bomb")
        total = sum(m.file_size for m in members)
        if total > settings.DOCX_MAX_UNCOMPRESSED_MB * 1024 * 1024:
            raise InvalidInput(_("DOCX 解压后过大（可能是压缩炸弹）。"), code="zip_bomb")
        for member in members:
            if member.file_size > 1024 * 1024 and member.file_size > DOCX_MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise InvalidInput(_("DOCX 压缩比异常（可能是压缩炸弹）。"), code="zip_bomb")
        names = {m.filename for m in members}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise UnsupportedMedia(_("不支持的文件类型：仅接受 PDF、DOCX、PNG、JPEG 和 TIFF。"))
        _parse_safely(archive, "word/document.xml")
        return _docx_pages(archive, names)


def _read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Read at most `limit` bytes: the sizes in a zip's header can lie."""
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(_("DOCX 解压后过大（可能是压缩炸弹）。"), code="zip_bomb")
    return data


def _parse_safely(archive: zipfile.ZipFile, name: str):
    from lxml import etree

    try:
        data = _read_bounded(archive, name, DOCX_MAX_XML_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InvalidInput(_("DOCX 文件已损坏，无法打开。"), code="damaged_docx") from exc
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise InvalidInput(_("DOCX 含有外部实体声明，已拒绝。"), code="xml_entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(_("DOCX 文件已损坏，无法打开。"), code="damaged_docx") from exc


def _docx_pages(archive: zipfile.ZipFile, names: set[str]) -> int | None:
    if "docProps/app.xml" not in names:
        return None
    try:
        root = _parse_safely(archive, "docProps/app.xml")
    except InvalidInput:
        return None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}Pages"):
            try:
                return int(element.text or "")
            except ValueError:
                return None
    return None
