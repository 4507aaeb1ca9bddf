"""Which backend is configured, and which blobs are still referenced by someone."""

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


def referenced_blobs() -> set[str]:
    """Every sha256 that a version, a seal image, a preview... still points at."""
    referenced: set[str] = set()
    for dotted in settings.STORAGE_REFERENCE_PROVIDERS:
        referenced |= set(import_string(dotted)())
    return referenced - disposed_blobs()


def disposed_blobs() -> set[str]:
    """Bytes deleted on purpose by an approved disposal: neither missing nor to be kept."""
    disposed: set[str] = set()
    for dotted in getattr(settings, "STORAGE_DISPOSED_PROVIDERS", []):
        disposed |= set(import_string(dotted)())
    return disposed
