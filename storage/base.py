"""The blob store interface and what every backend shares."""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

CHUNK_SIZE = 1024 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class BlobNotFound(Exception):
    pass


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    created: bool  # False when the same bytes were already stored


def check_sha256(sha256: str) -> str:
    """A sha256 is the only thing ever turned into a storage key, so it is checked strictly."""
    if not SHA256_RE.match(sha256 or ""):
        raise ValueError(f"not a sha256: {sha256!r}")
    return sha256


def blob_key(sha256: str) -> str:
    check_sha256(sha256)
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def iter_chunks(stream: BinaryIO, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            return
        yield chunk


class BlobStore(Protocol):
    def put(self, stream: BinaryIO) -> PutResult: ...

    def put_file(self, stream: BinaryIO, sha256: str) -> PutResult:
        """Bytes whose sha256 was computed while they were received (storage.uploads)."""
        ...

    def open(self, sha256: str) -> BinaryIO: ...

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int: ...

    def delete(self, sha256: str) -> None: ...

    def iter_sha256(self) -> Iterator[str]: ...


def rehash(store: "BlobStore", sha256: str) -> str | None:
    """Re-hash a stored blob; None when it is missing."""
    digest = hashlib.sha256()
    try:
        with store.open(sha256) as stream:
            for chunk in iter_chunks(stream):
                digest.update(chunk)
    except BlobNotFound:
        return None
    return digest.hexdigest()
