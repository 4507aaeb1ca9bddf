"""Which backend is configured, and which blobs are still referenced by someone."""

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from storage.local import LocalBlobStore


@cache
def get_store():
    if settings.STORAGE == "minio":
        from storage.s3 import MinioBlobStore

        return MinioBlobStore(
            endpoint=settings.MINIO_ENDPOINT,
            access_key=settings.MINIO_ACCESS_KEY,
            secret_key=settings.MINIO_SECRET_KEY,
            bucket=settings.MINIO_BUCKET,
            secure=settings.MINIO_SECURE,
            region=settings.MINIO_REGION,
        )
    if settings.STORAGE != "local":
        raise ValueError(f"STORAGE must be 'local' or 'minio', not {settings.STORAGE!r}")
    return LocalBlobStore(settings.STORAGE_DIR)


def reset_store() -> None:
    get_store.cache_clear()


@contextmanager
def local_path(sha256: str) -> Iterator[str]:
    """A path to the bytes, for tools that need a real file (pdfium, LibreOffice): the blob's own file on a
    local store, else a temporary copy removed afterwards."""
    store = get_store()
    path_for = getattr(store, "path_for", None)
    path = path_for(sha256) if path_for else None
    if path is not None:
        yield str(path)
        return
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        with store.open(sha256) as stream:
            while chunk := stream.read(1024 * 1024):
                tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def referenced_blobs(candidates: Iterable[str] | None = None) -> set[str]:
    """Every sha256 that something live still points at: a version of a document that was not disposed of,
    a page image, a seal image... With `candidates`, only which of those are referenced.

    Each provider (settings.STORAGE_REFERENCE_PROVIDERS) is `provider(candidates=None) -> set[str]`. Bytes
    used only by disposed versions are in none of them: they are meant to be gone."""
    if candidates is not None:
        candidates = sorted(set(candidates))
        if not candidates:
            return set()
    referenced: set[str] = set()
    for dotted in settings.STORAGE_REFERENCE_PROVIDERS:
        referenced |= set(import_string(dotted)(candidates))
    return referenced


def disposed_blobs() -> set[str]:
    """Bytes deleted on purpose by an approved disposal (a download of them answers 410, not 404)."""
    disposed: set[str] = set()
    for dotted in getattr(settings, "STORAGE_DISPOSED_PROVIDERS", []):
        disposed |= set(import_string(dotted)())
    return disposed
