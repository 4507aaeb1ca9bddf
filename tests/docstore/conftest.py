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
    from docstore import services

    def make(data: bytes, name="file.pdf", title="", code="other", user=None, target_dossier=dossier, **kw):
        return services.create_document(
            user or clerk,
            file=io.BytesIO(data),
            filename=name,
            title=title or name,
            doc_type=doc_type(code),
            dossier=target_dossier,
            **kw,
        )

    return make


def _seed_reference_data():
    """What the migrations put in the database: role groups and document types (idempotent)."""
    import importlib

    from django.apps import apps

    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    importlib.import_module("docstore.migrations.0002_document_types").seed(apps, None)


@pytest.fixture
def flushable_db(transactional_db):
    """For transaction=True tests. Earlier transactional tests may have flushed the reference data, so it
    is seeded again first. The closing flush is refused on SQLite by the append-only triggers (PostgreSQL
    truncates, which row triggers do not see): there the tables are emptied with the triggers off, which
    are then put back, and the reference data seeded again for the tests that follow."""
    _seed_reference_data()
    yield
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)
        _seed_reference_data()
