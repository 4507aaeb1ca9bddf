"""One run of the OCR task on a version: read the next pages, keep their lines, refresh the version's text; once
every page is read, build the searchable PDF and take the text from it (what a viewer extracts from it is what
search finds and what the snippets show)."""

import io
import logging

from django.db import transaction

from docstore import conf, purge
from docstore.models import Derivative, OcrPage, Version
from docstore.ocr import can_read, layer_texts, pages_needing_ocr, read_pages, searchable, source_path, usable
from docstore.ocr.layer import PageLayer
from docstore.text import join_wrapped_lines, page_texts
from docstore.validation import PDF
from storage import blobs as blob_locks
from storage.registry import get_store

log = logging.getLogger(__name__)


def plan(version: Version, derivative: Derivative) -> bool:
    """Called by the text task: whether some pages need OCR (the derivative is marked pending then)."""
    if version.encrypted or not conf.ocr_enabled() or not can_read(version.media_type):
        return False
    if purge.is_disposed(version.document_id):
        return False
    try:
        with source_path(version) as path:
            needed = bool(pages_needing_ocr(version, path))
    except Exception as exc:  # a file pdfium or Pillow cannot open has no page to read
        log.warning("pages of version %s could not be listed for OCR: %s", version.pk, exc)
        return False
    if needed:
        derivative.ocr_status = Derivative.Status.PENDING
        derivative.save(update_fields=["ocr_status", "updated_at"])
    return needed


def compose_text(version: Version, path: str, read: dict) -> str:
    """Each page's text layer where it has one, else its recognised text."""
    layers = layer_texts(path) if version.media_type == PDF else []
    count = max([len(layers), *read]) if (layers or read) else 0
    pages = []
    for number in range(1, count + 1):
        layer = layers[number - 1] if number <= len(layers) else PageLayer("")
        pages.append(layer.text if usable(layer) or number not in read else read[number].text)
    return join_wrapped_lines("\n".join(pages))


def read_batch(version: Version, limit: int | None = None) -> Derivative:
    """Read up to `limit` pages not read yet (one page on the first run, so that the document's first page is
    searchable soonest); READY (with the searchable PDF) once none is left."""
    if purge.is_disposed(version.document_id):
        return Derivative(version=version, ocr_status=Derivative.Status.UNSUPPORTED)
    derivative, _created = Derivative.objects.get_or_create(version=version)
    pdf = b""
    try:
        with source_path(version) as path:
            needed = pages_needing_ocr(version, path)
            done = set(OcrPage.objects.filter(version=version).values_list("page", flat=True))
            todo = [n for n in needed if n not in done]
            if limit and not done:
                limit = 1
            rows = read_pages(version, todo[:limit] if limit else todo)
            with transaction.atomic():
                if purge.is_disposed(version.document_id):
                    return derivative
                OcrPage.objects.bulk_create(rows, ignore_conflicts=True)
            read = {p.page: p for p in OcrPage.objects.filter(version=version, page__in=needed)}
            if len(read) < len(needed):
                derivative.text = compose_text(version, path, read)
                derivative.ocr_status = Derivative.Status.PENDING
            else:
                pdf = searchable.build(version, path, read) if read else b""
                derivative.searchable_sha256 = get_store().put(io.BytesIO(pdf)).sha256 if pdf else ""
                derivative.text = _searchable_text(derivative.searchable_sha256, version, path, read) or (
                    compose_text(version, path, read)
                )
                derivative.ocr_status = Derivative.Status.READY
    except Exception as exc:  # a page no engine reads: the text layer (if any) stays, never a crashed worker
        log.warning("OCR of version %s failed: %s", version.pk, exc)
        derivative.ocr_status = Derivative.Status.FAILED
        derivative.error = str(exc)[:500]
    with transaction.atomic():
        if (
            pdf and derivative.searchable_sha256
        ):  # written again if a disposal deleted the same bytes meanwhile
            blob_locks.claim(derivative.searchable_sha256, len(pdf), io.BytesIO(pdf))
        derivative.save(update_fields=["text", "ocr_status", "searchable_sha256", "error", "updated_at"])
    return derivative


def _searchable_text(sha256: str, version: Version, path: str, read: dict) -> str:
    """What the searchable PDF extracts to, page by page; a page whose own layer was garbage keeps that layer
    under the recognised one (the glyphs it draws stay visible), so its recognised text stands for it."""
    if not sha256:
        return ""
    from storage.registry import local_path

    layers = layer_texts(path) if version.media_type == PDF else []
    with local_path(sha256) as searchable_path:
        pages = page_texts(searchable_path)
    for number, page in read.items():
        if number <= len(pages) and number <= len(layers) and layers[number - 1].text.strip():
            pages[number - 1] = page.text
    return join_wrapped_lines("\n".join(pages))
