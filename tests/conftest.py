"""Shared fixtures: users per role, API clients, an isolated blob store per test, sample files; and the CI rule
that a test skipped for want of a system package CI installs fails the run."""

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER
from demo.content import CONTRACT_CLAUSES, make_docx, make_pdf, make_png
from storage.registry import get_store, reset_store

# Words in a skip's reason that name what scripts/system_deps.sh installs in CI.
CI_INSTALLS = ("LibreOffice", "Chromium", "playwright", "PostgreSQL", "gettext")


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def ci_refuses_skip(item, reason: str) -> bool:
    """Whether this skip fails the run under CI=true: its reason names something CI installs. A postgres_only
    test skips on the SQLite leg by design (the PostgreSQL leg runs it), and fails only on PostgreSQL."""
    if not any(word in reason for word in CI_INSTALLS):
        return False
    if item.get_closest_marker("postgres_only") is not None:
        from django.db import connection

        return connection.vendor == "postgresql"
    return True


def pytest_configure(config):
    # hypothesis keeps its caches (constants, unicode data) in the temporary folder, not in the checkout
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and on_ci()) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    if ci_refuses_skip(item, reason):
        report.outcome = "failed"
        report.longrepr = f"CI=true: skipped for want of what scripts/system_deps.sh installs: {reason}"


@pytest.fixture(autouse=True)
def isolated_store(settings, tmp_path):
    settings.STORAGE = "local"
    settings.STORAGE_DIR = tmp_path / "blobs"
    reset_store()
    yield get_store()
    reset_store()


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def isolated_signing(settings, signing_dir):
    """The seal signing certificate is made in a temporary folder, never in the checkout's var/."""
    settings.SEAL_SIGNING_DIR = str(signing_dir)


@pytest.fixture
def store(isolated_store):
    return isolated_store


def make_user(username, *roles, display_name=None, **extra):
    from accounts.models import User

    user = User.objects.create_user(
        username=username, password="pw-Secret-123", display_name=display_name or username, **extra
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def clerk(db):
    return make_user("clerk1", CLERK, display_name="王芳")


@pytest.fixture
def field(db):
    return make_user("field1", FIELD_STAFF, display_name="李军")


@pytest.fixture
def field2(db):
    return make_user("field2", FIELD_STAFF, display_name="周涛")


@pytest.fixture
def manager(db):
    return make_user("manager1", MANAGER, display_name="张伟")


@pytest.fixture
def admin_user(db):
    return make_user("admin1", ADMIN, display_name="管理员", is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role."""
    return make_user("nobody1")


@pytest.fixture
def users(clerk, field, manager, admin_user, outsider):
    return {"clerk": clerk, "field": field, "manager": manager, "admin": admin_user, "outsider": outsider}


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    return api_client


@pytest.fixture
def web(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def pdf_bytes():
    return make_pdf("商品房买卖合同 3-1502", ["买受人：陈明", *CONTRACT_CLAUSES], pages=2)


@pytest.fixture
def docx_bytes():
    return make_docx("补充协议", ["甲方：本公司", "乙方：陈明"])


@pytest.fixture
def png_bytes():
    return make_png()


def upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture
def dossier(clerk):
    from docstore.services import dossiers

    return dossiers.create_dossier(
        clerk,
        project="锦绣花园",
        building="3",
        unit="1502",
        customers=[{"name": "陈明", "id_number": "110101198003071234"}],
    )


@pytest.fixture
def doc_type():
    from docstore.models import DocumentType

    return lambda code: DocumentType.objects.get(code=code)


@pytest.fixture
def document(clerk, dossier, pdf_bytes, doc_type):
    from docstore.services import documents

    return documents.create_document(
        clerk,
        file=io.BytesIO(pdf_bytes),
        filename="contract.pdf",
        title="商品房买卖合同 3-1502",
        doc_type=doc_type("sales_contract"),
        dossier=dossier,
    )


def seed_reference_data():
    """What the data migrations put in the database: role groups, document types, the archive scheme.
    Idempotent. A transactional test's closing flush removes them, so each transactional test seeds first."""
    import importlib

    from django.apps import apps

    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    importlib.import_module("docstore.migrations.0002_document_types").seed(apps, None)
    importlib.import_module("archive.migrations.0002_seed_scheme").seed(apps, None)


@pytest.fixture
def flushable_db(transactional_db):
    """For transaction=True tests (pytest-django runs them after all the others). Seeds the reference data
    first. The closing flush is refused on SQLite by the append-only triggers (PostgreSQL truncates, which
    row triggers do not see): there the tables are emptied with the triggers off, which are then put back."""
    seed_reference_data()
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    empty_database(post_migrate=True)
    seed_reference_data()


def empty_database(*, post_migrate: bool) -> None:
    """Flush every table; on SQLite with the append-only triggers dropped for the moment, then put back."""
    from django.core.management import call_command
    from django.db import connection

    triggers = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=not post_migrate)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


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
