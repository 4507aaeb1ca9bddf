"""Upload handlers that hash the bytes while Django receives them, and the put that trusts that hash.

Django hands each chunk of a multipart upload to its handlers: small files (FILE_UPLOAD_MAX_MEMORY_SIZE) are
kept in memory, larger ones spooled to a temporary file. These handlers also feed every chunk to a sha256 as
it arrives, and spool into the blob store's own temporary folder, so that storing the upload needs neither a
second read nor a copy: `store_upload` links the spool file into place (local store) or uploads it (MinIO).
The digest is set as `upload.sha256` on the file Django returns; nothing else sets that attribute.
"""

import hashlib
import tempfile

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)

from storage.base import PutResult
from storage.registry import get_store


def received_sha256(stream) -> str | None:
    """The sha256 computed while the bytes arrived (an upload through these handlers), else None."""
    return getattr(stream, "sha256", None)


def store_upload(stream) -> PutResult:
    """Store an upload once: without reading it again when its sha256 was computed on arrival; other
    streams (generated files, imports, stamped PDFs) are hashed while they are written."""
    store = get_store()
    sha256 = received_sha256(stream)
    if sha256 is not None:
        return store.put_file(stream, sha256)
    stream.seek(0)
    return store.put(stream)


def spool_dir() -> str | None:
    """Where large uploads are spooled: the blob store's temporary folder when it has one (the same
    filesystem, so a link puts the file in place), else the system's."""
    folder = getattr(get_store(), "tmp_dir", None)
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


# Django's multipart parser reads the body in pieces of its handlers' smallest chunk_size (64 KB by default),
# several Python calls each: a 3.5 MB scan took ~55 rounds. 1 MB pieces take 4.
CHUNK_SIZE = 1024 * 1024


class HashingMemoryFileUploadHandler(MemoryFileUploadHandler):
    chunk_size = CHUNK_SIZE

    def new_file(self, *args, **kwargs):
        self.digest = hashlib.sha256()
        super().new_file(*args, **kwargs)  # raises StopFutureHandlers when this handler takes the file

    def receive_data_chunk(self, raw_data, start):
        if self.activated:
            self.digest.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        upload = super().file_complete(file_size)
        if upload is not None:
            upload.sha256 = self.digest.hexdigest()
        return upload


class SpooledUpload(TemporaryUploadedFile):
    """Django's temporary upload, spooled into the given folder."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None, folder=None):
        suffix = ".upload"
        UploadedFile.__init__(
            self,
            tempfile.NamedTemporaryFile(prefix="upload-", suffix=suffix, dir=folder),
            name,
            content_type,
            size,
            charset,
            content_type_extra,
        )


class HashingTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    chunk_size = CHUNK_SIZE

    def new_file(self, *args, **kwargs):
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.digest = hashlib.sha256()
        self.file = SpooledUpload(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra, folder=spool_dir()
        )

    def receive_data_chunk(self, raw_data, start):
        self.digest.update(raw_data)
        self.file.write(raw_data)

    def file_complete(self, file_size):
        upload = super().file_complete(file_size)
        upload.file.flush()  # the bytes are on their way to the disk before anything links the file
        upload.sha256 = self.digest.hexdigest()
        return upload
