"""Blobs in MinIO or any S3-protocol store, through the minio SDK.

The bytes are hashed into a local spool file first (constant memory), then uploaded under their sha256 key;
the database records the version only after the upload returned, so a crash leaves at worst an orphan object.

A put of bytes already stored checks the stored object without downloading it: its size, then its ETag,
which the server computed from the bytes it stored (the MD5 of a single-part upload, the MD5 of the parts'
MD5s for a multipart one), against the same digest computed while spooling. Only an ETag that differs
(corrupt bytes, or an object uploaded in other parts or encrypted by the server) makes it download and
re-hash the object. A missing, truncated or corrupt object is uploaded again.

`put_file` stores an upload whose sha256 was computed while it arrived (storage.uploads): it is uploaded
straight from the upload's spool file or memory, without a local copy or a second hash. It replaces any object
under that key with these verified bytes, so a damaged copy is never kept.
"""

import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from minio import Minio
from minio.error import S3Error

from storage.base import CHUNK_SIZE, BlobNotFound, PutResult, blob_key, check_sha256, rehash

PART_SIZE = 16 * 1024 * 1024
# The server's "no space" answers, raised as the OSError a full local disk gives (errno ENOSPC), so that
# callers treat both alike (core.errors.as_domain_error: 507).
STORE_FULL_CODES = {"XMinioStorageFull", "XMinioAdminBucketQuotaExceeded"}
log = logging.getLogger(__name__)


class _ETag:
    """The ETag an S3 server gives the bytes when they are uploaded in PART_SIZE parts (as put does)."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.current = hashlib.md5(usedforsecurity=False)
        self.filled = 0

    def update(self, data: bytes) -> None:
        while data:
            take = data[: PART_SIZE - self.filled]
            self.current.update(take)
            self.filled += len(take)
            data = data[len(take) :]
            if self.filled == PART_SIZE:
                self.parts.append(self.current.digest())
                self.current = hashlib.md5(usedforsecurity=False)
                self.filled = 0

    def hexdigest(self) -> str:
        parts = self.parts + ([self.current.digest()] if self.filled or not self.parts else [])
        if len(parts) == 1:
            return parts[0].hex()
        return hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest() + f"-{len(parts)}"


class _ResponseStream:
    """A file-like wrapper over a urllib3 response that releases the connection on close."""

    def __init__(self, response):
        self._response = response

    def read(self, size: int = -1) -> bytes:
        return self._response.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        self._response.close()
        self._response.release_conn()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class MinioBlobStore:
    def __init__(
        self, endpoint: str, access_key: str, secret_key: str, bucket: str, secure: bool, region: str
    ):
        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )
        self.bucket = bucket
        self._bucket_ready = False

    def _ensure_bucket(self) -> None:
        if not self._bucket_ready:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
            self._bucket_ready = True

    def put(self, stream: BinaryIO) -> PutResult:
        self._ensure_bucket()
        digest, etag = hashlib.sha256(), _ETag()
        size = 0
        with tempfile.TemporaryFile(prefix="blob-") as spool:
            while chunk := stream.read(CHUNK_SIZE):
                digest.update(chunk)
                etag.update(chunk)
                spool.write(chunk)
                size += len(chunk)
            sha256 = digest.hexdigest()
            if self._intact(sha256, size, etag.hexdigest()):
                return PutResult(sha256, size, created=False)
            spool.flush()
            spool.seek(0)
            self._upload(blob_key(sha256), spool, size, sha256)
        return PutResult(sha256, size, created=True)

    def put_file(self, stream, sha256: str) -> PutResult:
        """Upload bytes whose sha256 the caller computed while receiving them, reading them once."""
        self._ensure_bucket()
        key = blob_key(sha256)
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        self._upload(key, stream, size, sha256)
        return PutResult(sha256, size, created=True)

    def _upload(self, key: str, data, size: int, sha256: str) -> None:
        try:
            self.client.put_object(
                self.bucket,
                key,
                data,
                length=size,
                part_size=PART_SIZE,
                content_type="application/octet-stream",
                metadata={"x-amz-meta-sha256": sha256},
            )
        except S3Error as exc:
            if exc.code in STORE_FULL_CODES:
                raise OSError(errno.ENOSPC, f"object store is full: {exc.code}") from exc
            raise

    def _intact(self, sha256: str, size: int, etag: str) -> bool:
        """The stored object is complete and unchanged: size, then ETag (no download), then a re-hash only
        when the ETag differs."""
        try:
            stat = self.client.stat_object(self.bucket, blob_key(sha256))
        except S3Error as exc:
            if exc.code in {"NoSuchKey", "NoSuchObject", "ResourceNotFound"}:
                return False
            raise
        if stat.size != size:
            log.warning("blob %s: stored size differs, uploading it again", sha256)
            return False
        if (stat.etag or "").strip('"') == etag or rehash(self, sha256) == sha256:
            return True
        log.warning("blob %s: stored bytes are corrupt, uploading them again", sha256)
        return False

    def open(self, sha256: str) -> BinaryIO:
        self._ensure_bucket()
        try:
            return _ResponseStream(self.client.get_object(self.bucket, blob_key(sha256)))
        except S3Error as exc:
            if exc.code in {"NoSuchKey", "NoSuchObject"}:
                raise BlobNotFound(sha256) from exc
            raise

    def exists(self, sha256: str) -> bool:
        try:
            self.size(sha256)
            return True
        except BlobNotFound:
            return False

    def size(self, sha256: str) -> int:
        self._ensure_bucket()
        try:
            return self.client.stat_object(self.bucket, blob_key(sha256)).size
        except S3Error as exc:
            if exc.code in {"NoSuchKey", "NoSuchObject", "ResourceNotFound"}:
                raise BlobNotFound(sha256) from exc
            raise

    def delete(self, sha256: str) -> None:
        check_sha256(sha256)
        self._ensure_bucket()
        self.client.remove_object(self.bucket, blob_key(sha256))

    def iter_sha256(self) -> Iterator[str]:
        self._ensure_bucket()
        for obj in self.client.list_objects(self.bucket, prefix="sha256/", recursive=True):
            yield os.path.basename(obj.object_name)

    def modified_at(self, sha256: str) -> float:
        self._ensure_bucket()
        return self.client.stat_object(self.bucket, blob_key(sha256)).last_modified.timestamp()

    def path_for(self, sha256: str):
        return None


__all__ = ["MinioBlobStore", "CHUNK_SIZE"]
