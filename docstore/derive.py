"""Deriving things from a version's bytes: its text (pypdfium2, python-docx) and its page images
(pypdfium2 for PDF, Pillow for images). Page images are PNG blobs in the blob store."""

import io
import logging
import math
import re
import tempfile
from functools import cache

from django.db import transaction

from core.pdfium import PDFIUM_LOCK
from docstore import conf, purge
from docstore.models import Derivative, PreviewPage, Version
from docstore.validation import DOCX, PDF
from storage import blobs as blob_locks
from storage.base import BlobNotFound
from storage.registry import get_store

log = logging.getLogger(__name__)
IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif"}


def _local_copy(sha256: str):
    """A path to the bytes: the blob's own file on a local store, else a temporary copy."""
    store = get_store()
    path_for = getattr(store, "path_for", None)
    path = path_for(sha256) if path_for else None
    if path is not None:
        return str(path), None
    tmp = tempfile.NamedTemporaryFile(suffix=".bin")
    with store.open(sha256) as stream:
        while chunk := stream.read(1024 * 1024):
            tmp.write(chunk)
    tmp.flush()
    return tmp.name, tmp


# ---------------------------------------------------------------- text


def pdf_text(path: str) -> str:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return join_wrapped_lines("\n".join(pages))


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAPPED = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def join_wrapped_lines(text: str) -> str:
    """PDF text breaks lines where the page did; a Chinese line break inside a sentence is no word
    boundary, so lines that end and start with CJK text are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _WRAPPED.sub("", text)


def docx_text(path_or_stream) -> str:
    """Body paragraphs, tables (nested too), text boxes, headers and footers: every w:t in reading order
    of each part."""
    from docx import Document as Docx
    from docx.oxml.ns import qn

    doc = Docx(path_or_stream)
    lines = []
    parts = [doc.part]
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            parts.append(rel.target_part)
    for part in parts:
        element = getattr(part, "element", None)
        if element is None:
            continue
        for paragraph in element.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")) if _owner(t) is paragraph)
            if text.strip():
                lines.append(text)
    return "\n".join(lines)


def _owner(node):
    from docx.oxml.ns import qn

    parent = node.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


def extract_text(version: Version) -> str:
    path, tmp = _local_copy(version.sha256)
    try:
        if version.media_type == PDF:
            return pdf_text(path)
        if version.media_type == DOCX:
            return docx_text(path)
        return ""
    finally:
        if tmp is not None:
            tmp.close()


# ---------------------------------------------------------------- previews


def _png(image) -> tuple[str, int, int]:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # speed over size (see bench/previews.py)
    buffer.seek(0)
    return get_store().put(buffer).sha256, image.width, image.height


def _thumbnail(image) -> str:
    thumb = image.copy()
    width = conf.thumbnail_width()
    thumb.thumbnail((width, width * 2))
    return _png(thumb)[0]


def fit_scale(width: float, height: float) -> float:
    """The scale that makes a width x height page the preview width, or smaller when that would pass the
    pixel budget (a 20 x 14400 pt strip would be 1000 x 720,000 px). Sizes round up, as pdfium's do."""
    width, height = max(width, 1e-3), max(height, 1e-3)
    budget = conf.preview_max_pixels()
    scale = min(conf.preview_width() / width, math.sqrt(budget / (width * height)))
    while math.ceil(width * scale) * math.ceil(height * scale) > budget and scale > 1e-9:
        scale *= 0.99
    return scale


def _pdf_pages(source):
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(source)
        try:
            for index in range(min(len(pdf), conf.preview_max_pages())):
                page = pdf[index]
                bitmap = page.render(scale=fit_scale(*page.get_size()))
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
                page.close()
                yield image
        finally:
            pdf.close()


def _docx_as_pdf(path: str) -> bytes:
    from docstore import templating

    with open(path, "rb") as stream:
        return templating.to_pdf(stream.read())


def render_pages(version: Version):
    """Yield PIL images of the version's pages (at most preview_max_pages)."""
    path, tmp = _local_copy(version.sha256)
    try:
        if version.media_type == PDF:
            yield from _pdf_pages(path)
        elif version.media_type == DOCX:
            yield from _pdf_pages(_docx_as_pdf(path))
        elif version.media_type in IMAGE_TYPES:
            from PIL import Image, ImageSequence

            with Image.open(path) as source:
                for index, frame in enumerate(ImageSequence.Iterator(source)):
                    if index >= conf.preview_max_pages():
                        break
                    yield _fitted(frame)
    finally:
        if tmp is not None:
            tmp.close()


def _fitted(frame):
    """An image frame at most the preview width and within the pixel budget (never enlarged)."""
    scale = min(1.0, fit_scale(frame.width, frame.height))
    size = (max(1, math.floor(frame.width * scale)), max(1, math.floor(frame.height * scale)))
    if size != frame.size and frame.format == "JPEG":
        frame.draft("RGB", size)  # let the decoder scale down: less memory than decoding in full
    image = frame.convert("RGB")
    return image if image.size == size else image.resize(size)


def can_preview(version: Version) -> bool:
    if version.media_type == DOCX:
        from docstore import templating

        return conf.docx_previews() and templating.soffice() is not None
    return version.media_type == PDF or version.media_type in IMAGE_TYPES


def make_previews(version: Version, *, again: bool = True) -> Derivative:
    if purge.is_disposed(version.document_id):
        return Derivative(version=version, preview_status=Derivative.Status.UNSUPPORTED)
    derivative, _created = Derivative.objects.get_or_create(version=version)
    if not can_preview(version):
        derivative.preview_status = Derivative.Status.UNSUPPORTED
        derivative.save(update_fields=["preview_status", "updated_at"])
        return derivative
    pages, thumb = [], ""
    try:
        for number, image in enumerate(render_pages(version), start=1):
            sha256, width, height = _png(image)
            pages.append(PreviewPage(version=version, page=number, sha256=sha256, width=width, height=height))
            if number == 1:
                thumb = _thumbnail(image)
    except Exception as exc:  # a broken file gets no preview, never a crashed worker
        log.warning("preview of version %s failed: %s", version.pk, exc)
        derivative.preview_status = Derivative.Status.FAILED
        derivative.error = str(exc)[:500]
        derivative.save(update_fields=["preview_status", "error", "updated_at"])
        return derivative
    try:
        with transaction.atomic():
            # Identical page images are shared: a disposal may have deleted these bytes since the put.
            for sha256 in sorted({page.sha256 for page in pages} | {thumb} - {""}):
                blob_locks.claim(sha256, None, None)
            PreviewPage.objects.filter(version=version).delete()
            PreviewPage.objects.bulk_create(pages)
            derivative.preview_pages = len(pages)
            derivative.thumbnail_sha256 = thumb
            derivative.preview_status = Derivative.Status.READY
            derivative.save(
                update_fields=["preview_pages", "thumbnail_sha256", "preview_status", "updated_at"]
            )
    except BlobNotFound:
        if not again:
            raise
        return make_previews(version, again=False)  # rendering again puts the bytes again
    return derivative


def make_text(version: Version) -> Derivative:
    if purge.is_disposed(version.document_id):
        return Derivative(version=version, text_status=Derivative.Status.UNSUPPORTED)
    derivative, _created = Derivative.objects.get_or_create(version=version)
    try:
        derivative.text = extract_text(version)
        derivative.text_status = Derivative.Status.READY
    except Exception as exc:
        log.warning("text of version %s failed: %s", version.pk, exc)
        derivative.text_status = Derivative.Status.FAILED
        derivative.error = str(exc)[:500]
    derivative.save(update_fields=["text", "text_status", "error", "updated_at"])
    return derivative


@cache
def placeholder_png(label: str = "") -> bytes:
    """A grey page shown until the preview is ready (or for files without one)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (420, 594), (238, 240, 243))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 419, 593], outline=(200, 204, 210), width=2)
    for y in range(120, 480, 36):
        draw.rectangle([60, y, 360, y + 12], fill=(220, 224, 229))
    if label:
        draw.text((60, 60), label, fill=(120, 126, 134))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
