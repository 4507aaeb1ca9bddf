import io

import pytest

from storage.base import BlobNotFound, rehash
from storage.local import LocalBlobStore


class Exploding(io.RawIOBase):
    """A stream that dies mid-way, like a client that disconnects during an upload."""

    def __init__(self, good_chunks: int):
        self.left = good_chunks

    def read(self, size=-1):
        if self.left == 0:
            raise ConnectionResetError("client went away")
        self.left -= 1
        return b"x" * 1024 * 1024


def test_put_open_exists_and_dedup(tmp_path):
    store = LocalBlobStore(tmp_path)
    first = store.put(io.BytesIO(b"hello paper trail"))
    second = store.put(io.BytesIO(b"hello paper trail"))
    assert first.sha256 == second.sha256
    assert first.created and not second.created
    assert list(store.iter_sha256()) == [first.sha256]
    assert store.exists(first.sha256)
    with store.open(first.sha256) as stream:
        assert stream.read() == b"hello paper trail"
    assert store.size(first.sha256) == 17
    assert rehash(store, first.sha256) == first.sha256
    path = store.path_for(first.sha256)
    assert path.relative_to(tmp_path).parts[:3] == ("sha256", first.sha256[:2], first.sha256[2:4])


def test_interrupted_put_leaves_nothing_visible(tmp_path):
    store = LocalBlobStore(tmp_path)
    with pytest.raises(ConnectionResetError):
        store.put(Exploding(good_chunks=3))
    assert list(store.iter_sha256()) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_large_put_streams_in_chunks(tmp_path):
    store = LocalBlobStore(tmp_path)

    class Counting(io.RawIOBase):
        def __init__(self):
            self.sent, self.biggest = 0, 0

        def read(self, size=-1):
            self.biggest = max(self.biggest, size)
            if self.sent >= 20:
                return b""
            self.sent += 1
            return b"y" * 1024 * 1024

    stream = Counting()
    result = store.put(stream)
    assert result.size == 20 * 1024 * 1024
    assert 0 < stream.biggest <= 1024 * 1024  # never asked for the whole stream at once


def test_missing_blob_and_bad_keys(tmp_path):
    store = LocalBlobStore(tmp_path)
    with pytest.raises(BlobNotFound):
        store.open("a" * 64)
    assert rehash(store, "a" * 64) is None
    with pytest.raises(ValueError):
        store.open("../../etc/passwd")


def test_delete(tmp_path):
    store = LocalBlobStore(tmp_path)
    result = store.put(io.BytesIO(b"bye"))
    store.delete(result.sha256)
    assert not store.exists(result.sha256)


DATA = b"commercial housing sales contract, page 1\n" * 500


def _damage(path, how: str) -> None:
    if how == "missing":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(DATA[:100])
    else:  # same size, one byte flipped: only a re-hash sees it
        data = bytearray(DATA)
        data[1000] ^= 0xFF
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["missing", "truncated", "corrupt"])
def test_put_of_stored_bytes_repairs_a_damaged_copy(tmp_path, how):
    store = LocalBlobStore(tmp_path)
    sha = store.put(io.BytesIO(DATA)).sha256
    _damage(store.path_for(sha), how)
    result = store.put(io.BytesIO(DATA))
    assert result.sha256 == sha and result.size == len(DATA) and result.created
    assert store.path_for(sha).read_bytes() == DATA
    assert rehash(store, sha) == sha
    assert list((tmp_path / "tmp").iterdir()) == []


def test_put_of_intact_bytes_writes_nothing(tmp_path):
    store = LocalBlobStore(tmp_path)
    sha = store.put(io.BytesIO(DATA)).sha256
    before = store.path_for(sha).stat()
    result = store.put(io.BytesIO(DATA))
    assert not result.created
    after = store.path_for(sha).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list((tmp_path / "tmp").iterdir()) == []
