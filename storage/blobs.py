"""The lock per blob that makes deleting bytes safe against uploads of the same bytes.

A deletion must never remove bytes that a reference committed at the same moment points at. Both sides take
the row lock of the blob (storage.models.Blob) inside their transaction:
- `claim(sha256, size, source)`: called by the transaction that records a reference (a version, a page
  image). After the lock it checks that the bytes are there, and writes them again from `source` when a
  deletion removed them after the upload's put.
- `delete_unreferenced(sha256)`: locks, asks every reference provider whether a live reference exists, and
  deletes the bytes (and the row) only when none does.
Either order then ends with the bytes present for every committed reference. PostgreSQL: the lock is the
row's `SELECT ... FOR UPDATE`. SQLite: the insert that creates the row is a write, which takes the database
write lock (settings: transactions BEGIN IMMEDIATE, so it is held from the start anyway).
"""

import logging
from typing import BinaryIO

from django.db import transaction

from storage.base import BlobNotFound, check_sha256
from storage.models import Blob
from storage.registry import get_store, referenced_blobs

log = logging.getLogger(__name__)


def lock(sha256: str) -> None:
    """Hold the blob's row lock until the caller's transaction ends (the row is created when missing)."""
    check_sha256(sha256)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("storage.blobs.lock needs a transaction: the lock is released at its end")
    for _attempt in range(100):
        Blob.objects.bulk_create([Blob(sha256=sha256)], ignore_conflicts=True)
        # Empty when a deletion that held the lock removed the row meanwhile: create it again.
        if list(Blob.objects.select_for_update().filter(sha256=sha256).values_list("pk", flat=True)):
            return
    raise RuntimeError(f"could not lock blob {sha256}")


def claim(sha256: str, size: int | None, source: BinaryIO | None) -> None:
    """In the transaction that records a reference to `sha256`: lock it and make sure its bytes are stored.

    Only the size is compared here (a stat): the put before the transaction verified the content, and what
    can happen since is a deletion, which the size check sees (`size` None: only that they exist). Missing
    or wrong-sized bytes are written again from `source` (re-read from its start); without a source, or
    when the source holds other bytes, BlobNotFound is raised."""
    lock(sha256)
    store = get_store()
    try:
        stored = store.size(sha256)
        intact = size is None or stored == size
    except BlobNotFound:
        intact = False
    if intact:
        return
    if source is None or not hasattr(source, "seek"):
        raise BlobNotFound(sha256)
    log.warning("blob %s was missing or damaged when a reference was recorded: writing it again", sha256)
    source.seek(0)
    written = store.put(source)
    if written.sha256 != sha256:
        raise BlobNotFound(sha256)


def delete_unreferenced(sha256: str) -> bool:
    """Delete the bytes unless a live reference to them exists at this moment; True when deleted.

    Runs in its own transaction (or a savepoint of the caller's, whose commit then releases the lock). The
    bytes go before the commit: should the commit fail, nothing references them anyway."""
    with transaction.atomic():
        lock(sha256)
        if referenced_blobs([sha256]):
            return False
        get_store().delete(sha256)
        Blob.objects.filter(sha256=sha256).delete()
    return True
