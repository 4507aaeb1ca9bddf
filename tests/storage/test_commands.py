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


def _notice(clerk, data: bytes, title: str):
    from docstore.models import DocumentType
    from docstore.services import documents as services

    return services.create_document(
        clerk,
        file=io.BytesIO(data),
        filename=f"{title}.pdf",
        title=title,
        doc_type=DocumentType.objects.get(code="company_notice"),
    )


def _dispose(clerk, manager, document):
    """File the notice, let its ten years run out, dispose of it (the bytes go after the commit)."""
    import datetime

    from archive import services as archive
    from archive.models import ArchiveRecord

    record = archive.file_document(clerk, document, year=2026)
    archive.set_retention_trigger(clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="到期")
    batch = archive.propose_disposal(clerk, [ArchiveRecord.objects.get(pk=record.pk)])
    return archive.approve_disposal(manager, batch)


@pytest.mark.django_db
def test_storage_check_excuses_only_bytes_used_solely_by_disposed_versions(
    clerk, manager, store, django_capture_on_commit_callbacks
):
    from demo.content import make_pdf

    data = make_pdf("通知", ["到期销毁"])
    disposed = _notice(clerk, data, "通知")
    sha = disposed.current_version.sha256
    with django_capture_on_commit_callbacks(execute=True):
        _dispose(clerk, manager, disposed)
    assert not store.exists(sha)
    assert "0 missing, 0 corrupt" in _out("storage_check", "--no-progress")  # gone on purpose
    # The same bytes uploaded again by a live document, then lost: the sweep must say so.
    _notice(clerk, data, "再次上传")
    assert store.exists(sha)
    os.unlink(store.path_for(sha))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("storage_check", "--no-progress", stdout=out)
    assert f"MISSING {sha}" in out.getvalue()


@pytest.mark.django_db
def test_gc_deletes_bytes_used_only_by_disposed_versions(clerk, manager, store):
    """A disposal whose deletions never ran (a crash right after the commit) leaves bytes that no live
    version uses: the GC removes them, under the same lock and re-check."""
    from demo.content import make_pdf

    document = _notice(clerk, make_pdf("通知", ["崩溃"]), "通知")
    sha = document.current_version.sha256
    _dispose(clerk, manager, document)  # the on-commit deletions do not run in this test
    assert store.exists(sha)
    listing = _out("storage_gc", "--min-age-hours", "0", "--delete")
    assert f"DELETE {sha}" in listing and not store.exists(sha)
    assert "0 missing, 0 corrupt" in _out("storage_check", "--no-progress")
