"""The MinIO backend against a real S3-protocol server on loopback (see tests/s3server.py)."""

import io
import uuid

import pytest

from storage.base import BlobNotFound, rehash
from storage.s3 import MinioBlobStore
from tests.s3server import s3_server


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture
def minio_store(s3):
    return MinioBlobStore(
        endpoint=s3["endpoint"],
        access_key=s3["access_key"],
        secret_key=s3["secret_key"],
        bucket=f"t-{uuid.uuid4().hex[:12]}",
        secure=False,
        region="us-east-1",
    )


def test_put_dedup_open(minio_store):
    first = minio_store.put(io.BytesIO(b"contract bytes"))
    second = minio_store.put(io.BytesIO(b"contract bytes"))
    assert first.sha256 == second.sha256 and first.created and not second.created
    with minio_store.open(first.sha256) as stream:
        assert stream.read() == b"contract bytes"
    assert minio_store.exists(first.sha256)
    assert minio_store.size(first.sha256) == 14
    assert list(minio_store.iter_sha256()) == [first.sha256]
    assert rehash(minio_store, first.sha256) == first.sha256


def test_multipart_sized_upload_streams(minio_store):
    data = b"z" * (20 * 1024 * 1024 + 17)
    result = minio_store.put(io.BytesIO(data))
    assert result.size == len(data)
    assert rehash(minio_store, result.sha256) == result.sha256


def test_interrupted_put_uploads_nothing(minio_store):
    class Dying(io.RawIOBase):
        calls = 0

        def read(self, size=-1):
            self.calls += 1
            if self.calls > 2:
                raise ConnectionResetError
            return b"q" * 1024

    with pytest.raises(ConnectionResetError):
        minio_store.put(Dying())
    assert list(minio_store.iter_sha256()) == []


def test_missing_and_delete(minio_store):
    with pytest.raises(BlobNotFound):
        minio_store.open("b" * 64)
    assert not minio_store.exists("b" * 64)
    result = minio_store.put(io.BytesIO(b"gone soon"))
    minio_store.delete(result.sha256)
    assert not minio_store.exists(result.sha256)


@pytest.mark.django_db
def test_documents_on_minio_end_to_end(s3, settings, clerk, dossier, pdf_bytes, doc_type):
    """The whole upload and download path with STORAGE=minio."""
    from django.core.management import call_command

    from docstore.services import documents
    from storage.registry import get_store, reset_store

    settings.STORAGE = "minio"
    settings.MINIO_ENDPOINT = s3["endpoint"]
    settings.MINIO_ACCESS_KEY = s3["access_key"]
    settings.MINIO_SECRET_KEY = s3["secret_key"]
    settings.MINIO_BUCKET = f"docs-{uuid.uuid4().hex[:10]}"
    reset_store()
    document = documents.create_document(
        clerk,
        file=io.BytesIO(pdf_bytes),
        filename="c.pdf",
        title="合同",
        doc_type=doc_type("sales_contract"),
        dossier=dossier,
    )
    assert isinstance(get_store(), MinioBlobStore)
    with get_store().open(document.current_version.sha256) as stream:
        assert stream.read() == pdf_bytes
    call_command("storage_check", "--no-progress")
    reset_store()


DATA = b"commercial housing sales contract, page 1\n" * 500


@pytest.mark.parametrize("how", ["missing", "truncated", "corrupt"])
def test_put_of_stored_bytes_repairs_a_damaged_object(minio_store, how):
    from storage.base import blob_key

    sha = minio_store.put(io.BytesIO(DATA)).sha256
    key = blob_key(sha)
    if how == "missing":
        minio_store.client.remove_object(minio_store.bucket, key)
    else:
        damaged = DATA[:100] if how == "truncated" else DATA[:1000] + b"X" + DATA[1001:]
        minio_store.client.put_object(minio_store.bucket, key, io.BytesIO(damaged), length=len(damaged))
    assert rehash(minio_store, sha) != sha
    result = minio_store.put(io.BytesIO(DATA))
    assert result.sha256 == sha and result.created
    with minio_store.open(sha) as stream:
        assert stream.read() == DATA
    assert rehash(minio_store, sha) == sha


@pytest.mark.parametrize("size", [len(DATA), 20 * 1024 * 1024 + 17], ids=["single-part", "multipart"])
def test_put_of_intact_object_is_checked_without_download(minio_store, monkeypatch, size):
    """The ETag the server computed from the stored bytes is compared with the one computed while
    spooling: an intact object is neither downloaded nor uploaded again."""
    data = (DATA * (size // len(DATA) + 1))[:size]
    sha = minio_store.put(io.BytesIO(data)).sha256

    def no_transfer(*args, **kwargs):
        raise AssertionError("an intact object is not transferred")

    monkeypatch.setattr(minio_store, "open", no_transfer)
    monkeypatch.setattr(minio_store.client, "put_object", no_transfer)
    result = minio_store.put(io.BytesIO(data))
    assert result.sha256 == sha and not result.created


def test_put_file_uploads_the_received_bytes_without_hashing_them_again(minio_store, monkeypatch):
    """An upload hashed on arrival is uploaded straight from its spool: one read, no local copy; it replaces
    whatever the key held, so a damaged object does not survive it."""
    import hashlib

    from storage.base import blob_key

    sha = hashlib.sha256(DATA).hexdigest()
    monkeypatch.setattr(minio_store, "put", lambda *a: pytest.fail("hashed and spooled again"))
    monkeypatch.setattr(minio_store, "_intact", lambda *a: pytest.fail("the stored object was read"))
    first = minio_store.put_file(io.BytesIO(DATA), sha)
    assert first.created and first.size == len(DATA)
    damaged = DATA[:1000] + b"X" + DATA[1001:]
    minio_store.client.put_object(minio_store.bucket, blob_key(sha), io.BytesIO(damaged), length=len(damaged))
    minio_store.put_file(io.BytesIO(DATA), sha)
    with minio_store.open(sha) as stream:
        assert stream.read() == DATA
