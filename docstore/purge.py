"""Forgetting what was derived from disposed documents: page images, thumbnails, extracted text and the
search-index rows. The document and version rows stay (the catalogue keeps them); only content goes.

docstore knows no disposal: the app that disposes of documents (archive) registers in its AppConfig.ready() a
source of their ids, and calls `forget_derived` in the transaction that disposes of them. From then on the
versions of those documents are no live reference to any blob (selectors.referenced_blobs), and nothing
derives or indexes them again (derive.py, search.py ask `is_disposed`)."""

import logging

from django.db import connection, transaction
from django.db.models import Q

from docstore.models import Derivative, Document, OcrPage, PreviewPage, SearchEntry, Version
from storage import blobs as blob_locks

log = logging.getLogger(__name__)

# Callables returning a queryset of the ids of disposed documents (`.values("document_id")` or the like).
disposed_document_sources: list = []


def disposed_q(field: str = "document_id") -> Q:
    """A filter matching rows whose `field` (a document id) names a disposed document."""
    condition = Q(pk__in=[])
    for source in disposed_document_sources:
        condition |= Q(**{f"{field}__in": source()})
    return condition


def live_versions():
    """Versions of documents that were not disposed of."""
    return Version.objects.exclude(disposed_q("document_id"))


def is_disposed(document_id: int) -> bool:
    return (
        bool(disposed_document_sources)
        and Document.objects.filter(pk=document_id).filter(disposed_q("pk")).exists()
    )


def forget_derived(document_ids) -> list[str]:
    """In the caller's transaction: delete the derived content of every version of these documents and
    their search-index rows. Their page-image and thumbnail blobs are deleted after the commit, each under
    its lock and only if no live version uses the same bytes; returns their sha256."""
    document_ids = sorted(set(document_ids))
    versions = Version.objects.filter(document_id__in=document_ids).values("pk")
    blobs = set(PreviewPage.objects.filter(version__in=versions).values_list("sha256", flat=True))
    blobs |= set(
        Derivative.objects.filter(version__in=versions)
        .exclude(thumbnail_sha256="")
        .values_list("thumbnail_sha256", flat=True)
    )
    blobs |= set(
        Derivative.objects.filter(version__in=versions)
        .exclude(searchable_sha256="")
        .values_list("searchable_sha256", flat=True)
    )
    blobs |= set(
        Derivative.objects.filter(version__in=versions)
        .exclude(repaired_sha256="")
        .values_list("repaired_sha256", flat=True)
    )
    OcrPage.objects.filter(version__in=versions).delete()
    PreviewPage.objects.filter(version__in=versions).delete()
    Derivative.objects.filter(version__in=versions).delete()
    forget_index(document_ids)
    shas = sorted(blobs)
    transaction.on_commit(lambda: delete_blobs(shas))
    return shas


def forget_index(document_ids) -> None:
    """Remove documents from the full-text index (the FTS5 table on SQLite; the tsvector lives on the row)."""
    document_ids = list(document_ids)
    SearchEntry.objects.filter(document_id__in=document_ids).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM docstore_search_fts WHERE rowid = %s", [(pk,) for pk in document_ids]
            )


def delete_blobs(shas) -> list[str]:
    """Delete each blob in its own short transaction, under its lock, unless something live uses it."""
    deleted = []
    for sha in shas:
        try:
            if blob_locks.delete_unreferenced(sha):
                deleted.append(sha)
        except Exception:  # kept bytes are harmless: storage_gc removes what nothing live references
            log.exception("could not delete derived blob %s", sha)
    return deleted
