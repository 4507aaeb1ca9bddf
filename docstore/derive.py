"""Page images of a version: pypdfium2 for PDF, Pillow for images, DOCX through LibreOffice. Each page is a PNG
blob in the blob store with a PreviewPage row; the first page also gives the thumbnail.

They are made two ways, both page by page (one bitmap in memory at a time, released before the next):
- by the low-priority task (docstore.tasks.make_previews), a batch of pages per run so that text tasks never
  wait long behind a 300-page file;
- on demand, when a page image or a thumbnail is asked for before the task reached it (views.previews):
  one page, at most one at a time per process, never for a disposed document.
Both insert the page rows that are missing only, so that they can run at the same moment. Text is
docstore.text.
"""

import io
import logging
import math
import threading
from contextlib import contextmanager
from functools import cache

from django.db import transaction

from core.pdfium import PDFIUM_LOCK
from docstore import conf, purge
from docstore.models import Derivative, PreviewPage, Version
from docstore.text import docx_text, make_text, pdf_text  # noqa: F401  (their home before issue 15)
from docstore.validation import DOCX, PDF
from storage import blobs as blob_locks
from storage.base import BlobNotFound
from storage.registry import get_store, local_path

log = logging.getLogger(__name__)
IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif"}
ON_DEMAND = threading.BoundedSemaphore(1)  # pages rendered for a request at once, per process


# ---------------------------------------------------------------- rendering


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


class _PdfPages:
    def __init__(self, pdf):
        self.pdf = pdf
        self.count = min(len(pdf), conf.preview_max_pages())

    def render(self, number: int):
        page = self.pdf[number - 1]
        try:
            bitmap = page.render(scale=fit_scale(*page.get_size()))
            try:
                return bitmap.to_pil().convert("RGB")  # a copy: the bitmap's buffer goes now
            finally:
                bitmap.close()
        finally:
            page.close()


class _ImagePages:
    def __init__(self, image):
        self.image = image
        self.count = min(getattr(image, "n_frames", 1), conf.preview_max_pages())

    def render(self, number: int):
        self.image.seek(number - 1)
        return _fitted(self.image)


@contextmanager
def open_pages(version: Version):
    """The version's pages as an object with `count` (at most preview_max_pages) and `render(number)` -> an RGB
    image. PDFs hold the pdfium lock while open (pdfium is not thread-safe)."""
    with local_path(version.sha256) as path:
        if version.media_type in IMAGE_TYPES:
            from PIL import Image

            with Image.open(path) as image:
                yield _ImagePages(image)
            return
        source = _docx_as_pdf(path) if version.media_type == DOCX else path
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(source)
            try:
                yield _PdfPages(pdf)
            finally:
                pdf.close()


def _docx_as_pdf(path: str) -> bytes:
    from docstore import templating

    with open(path, "rb") as stream:
        return templating.to_pdf(stream.read())


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


def can_render_on_demand(version: Version) -> bool:
    """PDF pages and image frames: a page in tens of milliseconds. A DOCX page needs LibreOffice (seconds)."""
    return version.media_type == PDF or version.media_type in IMAGE_TYPES


# ---------------------------------------------------------------- recording


def _record(version: Version, pages: list[PreviewPage], thumb: str) -> bool:
    """Insert the page rows that are still missing (and the thumbnail when there is none yet), each blob
    claimed under its lock; False when the document was disposed of meanwhile."""
    with transaction.atomic():
        if purge.is_disposed(version.document_id):
            return False
        # Identical page images are shared: a disposal may have deleted these bytes since the put.
        for sha256 in sorted({page.sha256 for page in pages} | ({thumb} - {""})):
            blob_locks.claim(sha256, None, None)
        PreviewPage.objects.bulk_create(pages, ignore_conflicts=True)
        if thumb:
            Derivative.objects.filter(version=version, thumbnail_sha256="").update(thumbnail_sha256=thumb)
    return True


def _page_row(version: Version, number: int, image) -> PreviewPage:
    sha256, width, height = _png(image)
    return PreviewPage(version=version, page=number, sha256=sha256, width=width, height=height)


def _render_and_record(version: Version, pages, numbers, thumb_missing: bool, again: bool = True) -> None:
    """Render `numbers` one at a time, recording them every few pages."""
    batch, thumb = [], ""
    for number in numbers:
        image = pages.render(number)
        batch.append(_page_row(version, number, image))
        if number == 1 and thumb_missing:
            thumb = _thumbnail(image)
        del image
        if len(batch) >= 10 or number == numbers[-1]:
            try:
                if not _record(version, batch, thumb):
                    return
            except BlobNotFound:
                if not again:
                    raise
                # rendering these pages again puts their bytes again
                _render_and_record(version, pages, [p.page for p in batch], bool(thumb), False)
            batch, thumb = [], ""


def make_previews(version: Version, *, limit: int | None = None, fresh: bool = False) -> Derivative:
    """Render the pages not rendered yet, at most `limit` of them; READY once every page is there."""
    if purge.is_disposed(version.document_id):
        return Derivative(version=version, preview_status=Derivative.Status.UNSUPPORTED)
    derivative, _created = Derivative.objects.get_or_create(version=version)
    if not can_preview(version):
        derivative.preview_status = Derivative.Status.UNSUPPORTED
        derivative.save(update_fields=["preview_status", "updated_at"])
        return derivative
    if fresh:
        PreviewPage.objects.filter(version=version).delete()
        Derivative.objects.filter(pk=derivative.pk).update(thumbnail_sha256="")
    have = set(PreviewPage.objects.filter(version=version).values_list("page", flat=True))
    thumb_missing = fresh or not derivative.thumbnail_sha256
    try:
        with open_pages(version) as pages:
            count = pages.count
            missing = [n for n in range(1, count + 1) if n not in have]
            if thumb_missing and 1 in have:
                missing = [1] + [n for n in missing if n != 1]  # the thumbnail comes from the first page
            _render_and_record(version, pages, missing[:limit] if limit else missing, thumb_missing)
    except Exception as exc:  # a broken file gets no preview, never a crashed worker
        log.warning("preview of version %s failed: %s", version.pk, exc)
        derivative.preview_status = Derivative.Status.FAILED
        derivative.error = str(exc)[:500]
        derivative.save(update_fields=["preview_status", "error", "updated_at"])
        return derivative
    derivative.refresh_from_db(fields=["thumbnail_sha256"])
    rendered = PreviewPage.objects.filter(version=version).count()
    derivative.preview_pages = rendered
    if rendered >= count:
        derivative.preview_status = Derivative.Status.READY
    derivative.save(update_fields=["preview_pages", "preview_status", "updated_at"])
    return derivative


def page_on_demand(version: Version, number: int) -> PreviewPage | None:
    """Render one page for a request that asked for it before the background task did. None when it cannot
    be made now: a DOCX, a disposed document, a page past the last, or another page being rendered in this
    process for longer than DOCSTORE_PREVIEW_ON_DEMAND_WAIT seconds (the caller shows the placeholder)."""
    return _on_demand(version, number, thumbnail=False)


def thumbnail_on_demand(version: Version) -> str:
    """The thumbnail's sha256, made from the first page now when there is none yet ("" when it cannot be)."""
    _on_demand(version, 1, thumbnail=True)
    return Derivative.objects.filter(version=version).values_list("thumbnail_sha256", flat=True).first() or ""


def _on_demand(version: Version, number: int, *, thumbnail: bool) -> PreviewPage | None:
    if not can_render_on_demand(version) or number < 1 or purge.is_disposed(version.document_id):
        return None
    if not ON_DEMAND.acquire(timeout=conf.preview_on_demand_wait()):
        return None
    try:
        derivative, _created = Derivative.objects.get_or_create(version=version)
        found = PreviewPage.objects.filter(version=version, page=number).first()  # made while we waited
        if found is not None and not (thumbnail and not derivative.thumbnail_sha256):
            return found
        if found is not None:
            image = _stored_image(found.sha256)
        else:
            with open_pages(version) as pages:  # the pdfium lock for the rendering only
                if number > pages.count:
                    return None
                image = pages.render(number)
        row = found or _page_row(version, number, image)
        thumb = _thumbnail(image) if number == 1 and not derivative.thumbnail_sha256 else ""
        del image
        _record(version, [row], thumb)
    except Exception as exc:  # the placeholder, never a 500, for a file the renderer cannot read
        log.warning("page %s of version %s could not be rendered on demand: %s", number, version.pk, exc)
        return None
    finally:
        ON_DEMAND.release()
    return PreviewPage.objects.filter(version=version, page=number).first()


def _stored_image(sha256: str):
    from PIL import Image

    with get_store().open(sha256) as stream:
        image = Image.open(io.BytesIO(stream.read()))
        image.load()
    return image


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
