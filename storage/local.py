"""Blobs on the local disk: temp file, fsync, rename; a crash leaves at worst an orphan temp file.

A put of bytes already stored checks the stored copy (its size, then its sha256 when the size agrees) and
replaces it with the new, verified copy when it is missing, truncated or corrupt.

`put_file` stores an upload whose sha256 was computed while it arrived (storage.uploads): its spool file is
hard-linked under the sha256 name, then fsynced once. On a journaling filesystem (ext4, XFS) that one fsync
commits the journal transaction holding the new name too (the link changed the inode in it), so the bytes and
their name are durable before the database records a version; a crash before it leaves at worst an
unreferenced name, which the next put of the same bytes checks like any stored copy."""

import errno
import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from storage.base import CHUNK_SIZE, BlobNotFound, PutResult, blob_key, check_sha256, rehash

log = logging.getLogger(__name__)


class LocalBlobStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.tmp_dir = self.root / "tmp"

    def _path(self, sha256: str) -> Path:
        return self.root / blob_key(sha256)

    def put(self, stream: BinaryIO) -> PutResult:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp_dir, prefix="put-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                while chunk := stream.read(CHUNK_SIZE):
                    digest.update(chunk)
                    tmp.write(chunk)
                    size += len(chunk)
                sha256 = digest.hexdigest()
                if self._intact(sha256, size):
                    tmp.close()
                    os.unlink(tmp_name)
                    return PutResult(sha256, size, created=False)
                tmp.flush()
                os.fsync(tmp.fileno())
            final = self._path(sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, final)
            _fsync_dir(final.parent)
            return PutResult(sha256, size, created=True)
        except BaseException:
            # Interrupted mid-stream: the partial bytes never get a sha256 name.
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise

    def put_file(self, stream, sha256: str) -> PutResult:
        """Store bytes whose sha256 the caller computed while receiving them, without reading them again."""
        check_sha256(sha256)
        final = self._path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        spool = _spool_path(stream)
        own = None
        if spool is None:
            own = self._write_temp(stream)
        try:
            source = own or spool
            size = os.stat(source).st_size
            try:
                os.link(source, final)
            except FileExistsError:
                return self._replace_if_damaged(source, final, sha256, size)
            except OSError as exc:
                if exc.errno != errno.EXDEV or own is not None:
                    raise
                own = self._write_temp(stream)  # spooled on another filesystem: copy it over once
                source = own
                try:
                    os.link(source, final)
                except FileExistsError:
                    return self._replace_if_damaged(source, final, sha256, size)
            _fsync_path(source)  # the data and the new name (see the module's note)
            return PutResult(sha256, size, created=True)
        finally:
            if own is not None and os.path.exists(own):
                os.unlink(own)

    def _write_temp(self, stream) -> str:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, prefix="put-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                stream.seek(0)
                while chunk := stream.read(CHUNK_SIZE):
                    tmp.write(chunk)
        except BaseException:
            os.unlink(name)
            raise
        return name

    def _replace_if_damaged(self, source: str, final: Path, sha256: str, size: int) -> PutResult:
        """The name exists already: keep an intact copy, replace a damaged one with the verified bytes."""
        if self._intact(sha256, size):
            return PutResult(sha256, size, created=False)
        _fsync_path(source)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        staged = self.tmp_dir / f"put-{uuid.uuid4().hex}"
        os.link(
            source, staged
        )  # the source keeps its own name (the upload's spool file is Django's to delete)
        os.replace(staged, final)
        _fsync_dir(final.parent)
        return PutResult(sha256, size, created=True)

    def _intact(self, sha256: str, size: int) -> bool:
        """The stored copy is complete and unchanged: size first (a stat), then a re-hash (a read)."""
        try:
            if self.size(sha256) != size:
                log.warning("blob %s: stored size differs, writing it again", sha256)
                return False
        except BlobNotFound:
            return False
        if rehash(self, sha256) != sha256:
            log.warning("blob %s: stored bytes are corrupt, writing them again", sha256)
            return False
        return True

    def open(self, sha256: str) -> BinaryIO:
        try:
            return open(self._path(sha256), "rb")
        except FileNotFoundError as exc:
            raise BlobNotFound(sha256) from exc

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self._path(sha256).stat().st_size
        except FileNotFoundError as exc:
            raise BlobNotFound(sha256) from exc

    def delete(self, sha256: str) -> None:
        check_sha256(sha256)
        try:
            self._path(sha256).unlink()
        except FileNotFoundError:
            pass

    def iter_sha256(self) -> Iterator[str]:
        base = self.root / "sha256"
        if not base.is_dir():
            return
        for path in sorted(base.glob("*/*/*")):
            if path.is_file():
                yield path.name

    def modified_at(self, sha256: str) -> float:
        return self._path(sha256).stat().st_mtime

    def path_for(self, sha256: str) -> Path:
        """Local path, for tools that need a real file (pdfium, LibreOffice)."""
        return self._path(sha256)


def _spool_path(stream) -> str | None:
    """The upload's own spool file (Django's temporary upload), when it has one."""
    path = getattr(stream, "temporary_file_path", None)
    if not callable(path):
        return None
    inner = getattr(stream, "file", None)
    if inner is not None and hasattr(inner, "flush"):
        inner.flush()
    return path()


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
