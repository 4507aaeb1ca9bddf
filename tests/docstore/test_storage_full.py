"""A full disk (or quota) while storing an upload is a 507 `storage_full` (JSON for the API, the error page for
HTML), and nothing is half-stored: no document, no version, no blob, no temporary file.

A real full disk cannot be made here safely (a small loop-mounted file system needs root, and filling the
shared disk would break everyone else's work), so the blob store's writes into its temporary folder are
made to fail the way a full disk fails them: some bytes are written, then write() raises OSError(ENOSPC)."""

import errno
import io
import os
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import StorageFull, as_domain_error
from demo.content import make_pdf
from docstore.models import Document, Version


class _DiskFull:
    """A file that takes `room` bytes and then fails as a full disk does."""

    def __init__(self, file, room: int, error: int):
        self._file, self._room, self._error = file, room, error

    def write(self, data) -> int:
        if len(data) > self._room:
            self._file.write(data[: self._room])
            self._room = 0
            raise OSError(self._error, os.strerror(self._error))
        self._room -= len(data)
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


@pytest.fixture
def full_disk(store, monkeypatch):
    """Writes into the store's temporary folder fail with ENOSPC (or the errno asked for); other files work."""
    real_fdopen = os.fdopen
    state = {"error": errno.ENOSPC, "hits": 0}

    def fdopen(fd, *args, **kwargs):
        file = real_fdopen(fd, *args, **kwargs)
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(store.tmp_dir)):
            state["hits"] += 1
            return _DiskFull(file, room=1024, error=state["error"])
        return file

    monkeypatch.setattr(os, "fdopen", fdopen)
    return state


def _nothing_stored(store):
    assert Document.objects.count() == 0 and Version.objects.count() == 0
    assert list(store.iter_sha256()) == []
    assert not store.tmp_dir.exists() or list(store.tmp_dir.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT], ids=["ENOSPC", "EDQUOT"])
def test_api_upload_on_a_full_disk_is_507_and_nothing_is_kept(api, clerk, store, full_disk, pdf_bytes, error):
    full_disk["error"] = error
    response = api(clerk).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("c.pdf", pdf_bytes), "doc_type": "sales_contract", "title": "合同"},
        format="multipart",
    )
    assert full_disk["hits"] == 1  # the store really tried, and its write failed
    assert response.status_code == 507
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "storage_full"
    assert "存储空间已满" in body["detail"]
    _nothing_stored(store)


@pytest.mark.django_db
def test_new_version_on_a_full_disk_leaves_the_document_as_it_was(api, clerk, document, store, full_disk):
    before = set(store.iter_sha256())
    response = api(clerk).post(
        f"/api/v1/documents/{document.pk}/versions/",
        {"file": SimpleUploadedFile("v2.pdf", make_pdf("补充协议", ["第二版"]))},
        format="multipart",
    )
    assert response.status_code == 507 and response.json()["error"] == "storage_full"
    assert document.versions.count() == 1
    assert set(store.iter_sha256()) == before
    assert list(store.tmp_dir.iterdir()) == []


@pytest.mark.django_db
def test_page_upload_on_a_full_disk_shows_the_507_page(web, clerk, store, full_disk, pdf_bytes):
    response = web(clerk).post(
        "/documents/new/",
        {"file": SimpleUploadedFile("c.pdf", pdf_bytes), "doc_type": "other", "title": "合同"},
    )
    assert response.status_code == 507
    assert response["Content-Type"].startswith("text/html")
    assert "存储空间已满" in response.content.decode()
    _nothing_stored(store)


def test_only_a_full_disk_maps_to_507():
    assert isinstance(as_domain_error(OSError(errno.ENOSPC, "No space left on device")), StorageFull)
    assert isinstance(as_domain_error(OSError(errno.EDQUOT, "Disk quota exceeded")), StorageFull)
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("while storing") from inner
    except RuntimeError as outer:
        assert isinstance(as_domain_error(outer), StorageFull)
    assert as_domain_error(OSError(errno.EACCES, "Permission denied")) is None
    assert as_domain_error(ValueError("x")) is None
    assert StorageFull().status == 507


def test_object_store_full_is_the_same_error(monkeypatch):
    """MinIO's "drive full" answer comes out of the S3 store as the OSError(ENOSPC) a local disk gives."""
    from minio.error import S3Error

    from storage.s3 import MinioBlobStore

    store = MinioBlobStore("127.0.0.1:9", "key", "secret", "bucket", secure=False, region="us-east-1")
    store._bucket_ready = True

    def missing(*args, **kwargs):
        raise S3Error(mock.Mock(), "NoSuchKey", "no such key", "r", "q", "h")

    def full(*args, **kwargs):
        raise S3Error(
            mock.Mock(),
            "XMinioStorageFull",
            "Storage backend has reached its minimum free drive threshold",
            "r",
            "q",
            "h",
        )

    monkeypatch.setattr(store.client, "stat_object", missing)
    monkeypatch.setattr(store.client, "put_object", full)
    with pytest.raises(OSError) as raised:
        store.put(io.BytesIO(b"contract bytes"))
    assert raised.value.errno == errno.ENOSPC
    assert isinstance(as_domain_error(raised.value), StorageFull)
