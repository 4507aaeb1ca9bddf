import io

import pytest


@pytest.fixture(autouse=True)
def no_docx_previews(settings):
    """DOCX page images go through LibreOffice (seconds each); only the tests that want them turn it on."""
    settings.DOCSTORE_DOCX_PREVIEWS = False


@pytest.fixture
def run_on_commit(monkeypatch):
    """Run on-commit callbacks at once (the test transaction never commits), so that version_created
    reaches the background work (the immediate task backend in tests)."""

    def now(func, using=None, robust=False):
        func()

    monkeypatch.setattr("django.db.transaction.on_commit", now)


@pytest.fixture
def make_document(clerk, dossier, doc_type):
    from docstore.services import documents

    def make(data: bytes, name="file.pdf", title="", code="other", user=None, target_dossier=dossier, **kw):
        return documents.create_document(
            user or clerk,
            file=io.BytesIO(data),
            filename=name,
            title=title or name,
            doc_type=doc_type(code),
            dossier=target_dossier,
            **kw,
        )

    return make


@pytest.fixture
def file_it(clerk):
    """File a document (archival code per DA/T 22); returns its archive record."""
    from archive import services as archive

    return lambda document: archive.file_document(clerk, document, year=2026)


@pytest.fixture
def dispose(clerk, manager, file_it):
    """File a document, let its retention run out, and have a disposal batch approved: (record, batch)."""
    import datetime

    from archive import services as archive
    from archive.models import ArchiveRecord

    def run(document):
        record = file_it(document)
        archive.set_retention_trigger(
            clerk, [record], trigger_date=datetime.date(1980, 1, 1), event="合同履行完毕"
        )
        batch = archive.propose_disposal(clerk, [ArchiveRecord.objects.get(pk=record.pk)])
        batch = archive.approve_disposal(manager, batch, note="到期鉴定")
        return ArchiveRecord.objects.get(pk=record.pk), batch

    return run
