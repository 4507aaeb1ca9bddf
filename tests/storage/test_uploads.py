"""Uploads are hashed while they arrive and stored without a second read: the hash taken on arrival is the
hash of the stored bytes, small and large uploads alike; a refused upload leaves nothing behind; `put_file`
links, keeps an intact copy, replaces a damaged one."""

import errno
import hashlib
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from docstore.models import Document, Version
from storage.base import rehash
from storage.local import LocalBlobStore
from storage.uploads import HashingMemoryFileUploadHandler, HashingTemporaryFileUploadHandler

pytestmark = pytest.mark.django_db


def _scan_pdf(kilobytes: int) -> bytes:
    """A PDF carrying a noisy image (noise does not compress) of about `kilobytes`: past the in-memory limit
    when large."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    side = int((kilobytes * 1024 / 3) ** 0.5)
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawImage(ImageReader(Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))), 40, 200)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _blob_files(store) -> list:
    return sorted(p for p in (store.root / "sha256").rglob("*") if p.is_file()) if store.root.exists() else []


def _tmp_files(store) -> list:
    return sorted(store.tmp_dir.iterdir()) if store.tmp_dir.exists() else []


@pytest.mark.parametrize("kilobytes", [30, 3000], ids=["in-memory", "spooled-to-disk"])
def test_the_hash_taken_on_arrival_is_the_stored_bytes_hash(api, clerk, store, settings, kilobytes):
    data = _scan_pdf(kilobytes)
    assert (len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE) == (kilobytes > 2048)
    response = api(clerk).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("scan.pdf", data), "doc_type": "other"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    version = Version.objects.get(document_id=response.json()["id"])
    assert version.sha256 == hashlib.sha256(data).hexdigest() == response.json()["current_version"]["sha256"]
    assert rehash(store, version.sha256) == version.sha256
    assert store.path_for(version.sha256).read_bytes() == data
    assert _tmp_files(store) == []  # the spool file went with the request


def test_large_uploads_spool_into_the_store_and_are_linked_not_copied(clerk, store, monkeypatch):
    """The spool file is on the store's filesystem, so storing it is a link: no byte is read back."""
    from docstore.models import DocumentType
    from docstore.services import documents

    handler = HashingTemporaryFileUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    data = _scan_pdf(3000)
    for start in range(0, len(data), 64 * 1024):
        handler.receive_data_chunk(data[start : start + 64 * 1024], start)
    upload = handler.file_complete(len(data))
    assert os.path.dirname(upload.temporary_file_path()) == str(store.tmp_dir)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    monkeypatch.setattr(LocalBlobStore, "_write_temp", lambda *a: pytest.fail("the upload was copied"))
    document = documents.create_document(
        clerk, file=upload, filename="big.pdf", title="big", doc_type=DocumentType.objects.get(code="other")
    )
    stored = store.path_for(document.current_version.sha256)
    assert os.stat(stored).st_ino == os.stat(upload.temporary_file_path()).st_ino
    upload.close()
    assert stored.read_bytes() == data and _tmp_files(store) == []


@pytest.mark.parametrize("kilobytes", [30, 3000], ids=["in-memory", "spooled-to-disk"])
def test_a_refused_upload_leaves_nothing(api, clerk, store, kilobytes):
    data = _scan_pdf(kilobytes)
    broken = data[: len(data) // 2]  # a truncated PDF: no page tree, no trailer
    response = api(clerk).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("broken.pdf", broken), "doc_type": "other"},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["error"] == "damaged_pdf"
    assert not Document.objects.exists() and not Version.objects.exists()
    assert _blob_files(store) == [] and _tmp_files(store) == []


def test_the_memory_handler_hashes_only_what_it_keeps(rf):
    handler = HashingMemoryFileUploadHandler()
    handler.handle_raw_input(None, {}, 100, b"x")  # small enough to keep in memory
    with pytest.raises(Exception) as stop:
        handler.new_file("file", "a.pdf", "application/pdf", 10)
    assert type(stop.value).__name__ == "StopFutureHandlers"
    handler.receive_data_chunk(b"%PDF-", 0)
    handler.receive_data_chunk(b"1.7", 5)
    upload = handler.file_complete(8)
    assert upload.sha256 == hashlib.sha256(b"%PDF-1.7").hexdigest() and upload.read() == b"%PDF-1.7"


def test_the_api_answers_from_the_created_document(
    api, clerk, dossier, pdf_bytes, django_assert_max_num_queries
):
    client = api(clerk)
    # type, dossier, the duplicate lookup, the rows and the audit event (and its lock on PostgreSQL): no
    # second read of the document
    with django_assert_max_num_queries(13):
        response = client.post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("c.pdf", pdf_bytes),
                "doc_type": "sales_contract",
                "dossier": dossier.pk,
            },
            format="multipart",
        )
    assert response.status_code == 201
    created = response.json()
    again = client.get(f"/api/v1/documents/{created['id']}/").json()
    again.pop("versions")
    assert created == again


# ---------------------------------------------------------------- put_file


DATA = b"commercial housing sales contract, page 1\n" * 500


def _spooled(data: bytes, store):
    handler = HashingTemporaryFileUploadHandler()
    handler.new_file("file", "x.pdf", "application/pdf", None)
    handler.receive_data_chunk(data, 0)
    return handler.file_complete(len(data))


def test_put_file_links_new_bytes_in_place(store):
    upload = _spooled(DATA, store)
    result = store.put_file(upload, upload.sha256)
    assert result.created and result.size == len(DATA)
    assert store.path_for(result.sha256).read_bytes() == DATA
    upload.close()
    assert store.path_for(result.sha256).read_bytes() == DATA and _tmp_files(store) == []


def test_put_file_of_bytes_in_memory_writes_them_once(store):
    stream = io.BytesIO(DATA)
    sha = hashlib.sha256(DATA).hexdigest()
    result = store.put_file(stream, sha)
    assert result.created and rehash(store, sha) == sha and _tmp_files(store) == []


def test_put_file_keeps_an_intact_copy(store):
    sha = store.put(io.BytesIO(DATA)).sha256
    before = store.path_for(sha).stat()
    result = store.put_file(io.BytesIO(DATA), sha)
    after = store.path_for(sha).stat()
    assert not result.created and (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _tmp_files(store) == []


@pytest.mark.parametrize("how", ["truncated", "corrupt"])
@pytest.mark.parametrize("spooled", [True, False], ids=["spooled", "in-memory"])
def test_put_file_replaces_a_damaged_copy(store, how, spooled):
    sha = store.put(io.BytesIO(DATA)).sha256
    path = store.path_for(sha)
    path.write_bytes(DATA[:100] if how == "truncated" else DATA[:1000] + b"X" + DATA[1001:])
    upload = _spooled(DATA, store) if spooled else io.BytesIO(DATA)
    result = store.put_file(upload, sha)
    assert result.created and path.read_bytes() == DATA
    upload.close()
    assert path.read_bytes() == DATA and _tmp_files(store) == []


def test_put_file_copies_a_spool_file_from_another_filesystem(store, monkeypatch):
    upload = _spooled(DATA, store)
    real_link = os.link
    calls = []

    def link(source, target):
        calls.append(source)
        if len(calls) == 1:
            raise OSError(errno.EXDEV, "cross-device link")
        return real_link(source, target)

    monkeypatch.setattr(os, "link", link)
    result = store.put_file(upload, upload.sha256)
    assert result.created and store.path_for(result.sha256).read_bytes() == DATA
    assert calls[0] == upload.temporary_file_path() and calls[1] != calls[0]
    upload.close()
    assert _tmp_files(store) == []
