"""The lock per blob (storage.blobs): a claim restores bytes a deletion removed; a deletion spares what a
live reference uses. The race itself is tested in tests/archive/test_disposal_race.py."""

import io

import pytest
from django.db import transaction

from storage import blobs
from storage.base import BlobNotFound
from storage.models import Blob

pytestmark = pytest.mark.django_db
DATA = b"loan contract, cross-page seal\n" * 300


@pytest.mark.django_db(transaction=True)
def test_claim_needs_a_transaction(flushable_db, store):
    sha = store.put(io.BytesIO(DATA)).sha256
    with pytest.raises(RuntimeError):
        blobs.claim(sha, len(DATA), io.BytesIO(DATA))


def test_claim_keeps_intact_bytes_and_records_the_blob(store):
    sha = store.put(io.BytesIO(DATA)).sha256
    before = store.path_for(sha).stat().st_ino
    with transaction.atomic():
        blobs.claim(sha, len(DATA), io.BytesIO(b"never read"))
    assert store.path_for(sha).stat().st_ino == before
    assert Blob.objects.filter(sha256=sha).exists()


@pytest.mark.parametrize("how", ["missing", "truncated"])
def test_claim_writes_missing_or_truncated_bytes_again_from_the_upload(store, how):
    sha = store.put(io.BytesIO(DATA)).sha256
    if how == "missing":
        store.delete(sha)
    else:
        store.path_for(sha).write_bytes(DATA[:10])
    upload = io.BytesIO(DATA)
    upload.read()  # already consumed by the put: the claim reads it again from the start
    with transaction.atomic():
        blobs.claim(sha, len(DATA), upload)
    assert store.path_for(sha).read_bytes() == DATA


def test_claim_without_bytes_or_source_refuses(store):
    sha = store.put(io.BytesIO(DATA)).sha256
    store.delete(sha)
    with pytest.raises(BlobNotFound), transaction.atomic():
        blobs.claim(sha, None, None)
    with pytest.raises(BlobNotFound), transaction.atomic():  # other bytes than the claimed ones
        blobs.claim(sha, len(DATA), io.BytesIO(b"something else"))


def test_delete_unreferenced_spares_live_references(store, document):
    sha = document.current_version.sha256
    assert not blobs.delete_unreferenced(sha)
    assert store.exists(sha)


def test_delete_unreferenced_removes_bytes_and_row(store):
    sha = store.put(io.BytesIO(DATA)).sha256
    with transaction.atomic():
        blobs.claim(sha, len(DATA), None)
    assert blobs.delete_unreferenced(sha)
    assert not store.exists(sha) and not Blob.objects.filter(sha256=sha).exists()
    # A later claim of the same bytes recreates the row and the bytes.
    with transaction.atomic():
        blobs.claim(sha, len(DATA), io.BytesIO(DATA))
    assert store.exists(sha) and Blob.objects.filter(sha256=sha).exists()
