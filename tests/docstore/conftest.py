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
