"""Done when (issue 12): search finds a term that exists only in a scanned page, end to end through the API,
with the real worker process (django-tasks' db_worker over the test database and blob folder), within a bound."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.ocr_corpus import scan_of

ROOT = Path(__file__).resolve().parents[2]
TERM = "DY778341"


def _scanned_pdf() -> bytes:
    """A one-page PDF holding only the image of a scanned slip: no text layer at all."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setPageSize((595, 180))
    canvas.drawImage(ImageReader(io.BytesIO(scan_of(["滨湖雅苑抵押登记受理号 DY778341"]))), 0, 0, 595, 180)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(storage_dir: Path, log: Path) -> subprocess.Popen:
    from bench.server import app_env

    env = app_env(storage_dir.parent, _database_url(), STORAGE_DIR=str(storage_dir), DOCSTORE_OCR="1")
    with open(log, "wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "*",
                "--no-reload",
                "--interval",
                "0.2",
                "-v",
                "0",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_a_term_only_in_a_scanned_page_is_found_through_the_api_with_the_real_worker(
    flushable_db, settings, api, tmp_path
):
    from django.conf import settings as live
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import make_user

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    clerk = make_user("clerk-ocr", "clerk")
    client = api(clerk)
    response = client.post(
        "/api/v1/documents",
        {
            "file": SimpleUploadedFile("受理单.pdf", _scanned_pdf(), "application/pdf"),
            "title": "抵押登记受理单",
            "doc_type": "other",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    assert client.get("/api/v1/search", {"q": TERM}).json()["results"] == []  # nothing read yet
    worker = _start_worker(Path(live.STORAGE_DIR), tmp_path / "worker.log")
    try:
        deadline, found = time.monotonic() + 300, []
        while time.monotonic() < deadline and not found:
            found = client.get("/api/v1/search", {"q": TERM}).json()["results"]
            if not found:
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
                time.sleep(0.5)
    finally:
        _stop(worker)
    assert [r["document"]["id"] for r in found] == [document_id], (tmp_path / "worker.log").read_text()[
        -2000:
    ]
    assert f"<mark>{TERM.lower()}</mark>" in found[0]["snippet"].lower() and found[0]["ocr_page"] == 1
