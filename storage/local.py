"""Blobs on the local disk: temp file, fsync, rename; a crash leaves at worst an orphan temp file.

A put of bytes already stored checks the stored copy (its size, then its sha256 when the size agrees) and
replaces it with the new, verified copy when it is missing, truncated or corrupt."""

import hashlib
import logging
import os
import tempfile
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


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
