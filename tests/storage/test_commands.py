import io
import os

import pytest
from django.core.management import CommandError, call_command


def _out(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_storage_check_clean(document):
    assert "0 missing, 0 corrupt" in _out("storage_check", "--no-progress")


@pytest.mark.django_db
def test_storage_check_catches_deleted_blob(document, store):
    sha = document.current_version.sha256
    os.unlink(store.path_for(sha))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("storage_check", "--no-progress", stdout=out)
    assert f"MISSING {sha}" in out.getvalue()


@pytest.mark.django_db
def test_storage_check_catches_corrupt_blob(document, store):
    sha = document.current_version.sha256
    path = store.path_for(sha)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("storage_check", "--no-progress", stdout=out)
    assert f"CORRUPT {sha}" in out.getvalue()


@pytest.mark.django_db
def test_gc_lists_then_deletes_only_unreferenced(document, store):
    orphan = store.put(io.BytesIO(b"nobody points here")).sha256
    kept = document.current_version.sha256
    listing = _out("storage_gc", "--min-age-hours", "0")
    assert f"UNREFERENCED {orphan}" in listing and kept not in listing
    assert store.exists(orphan)  # a dry run deletes nothing
    _out("storage_gc", "--min-age-hours", "0", "--delete")
    assert not store.exists(orphan) and store.exists(kept)


@pytest.mark.django_db
def test_gc_spares_young_blobs(store, clerk):
    young = store.put(io.BytesIO(b"upload in flight")).sha256
    assert young not in _out("storage_gc")
    assert store.exists(young)
