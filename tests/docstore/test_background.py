"""The background work: text and index before previews whatever the order they were queued in, with the real
database task backend and its worker; page images rendered on demand by two requests at once; the worker
supervisor (run_workers) restarts a worker that exits and stops them all."""

import io
import sys
import threading

import pytest

from demo.content import make_pdf
from docstore import derive, search, tasks
from docstore.models import Derivative, DocumentType, PreviewPage
from tests.task_worker import run_worker


@pytest.fixture
def database_tasks(settings, flushable_db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def _upload(user, title: str):
    from docstore.services import documents

    return documents.create_document(
        user,
        file=io.BytesIO(make_pdf(title, [f"{title} 的正文"], pages=2)),
        filename=f"{title}.pdf",
        title=title,
        doc_type=DocumentType.objects.get(code="other"),
    )


def test_text_runs_before_previews_with_the_database_backend(database_tasks):
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import make_user

    clerk = make_user("clerk-bg", "clerk")
    first, second = _upload(clerk, "甲合同"), _upload(clerk, "乙合同")  # each queues its text task
    queued = [r.task_path.rsplit(".", 1)[1] for r in DBTaskResult.objects.ready()]  # the worker's order
    assert queued == ["extract_text", "extract_text"]
    run_worker()  # each text task queues its previews, which wait for every text task
    runs = list(DBTaskResult.objects.order_by("started_at").values_list("task_path", "status"))
    assert [path.rsplit(".", 1)[1] for path, _ in runs] == [
        "extract_text",
        "extract_text",
        "make_previews",
        "make_previews",
    ]
    assert {status for _, status in runs} == {"SUCCESSFUL"}
    assert [pk for pk, _ in search.ranked_ids(search.parse("乙合同"))] == [second.pk]
    for document in (first, second):
        derivative = Derivative.objects.get(version=document.current_version)
        assert derivative.text_status == "ready" and derivative.preview_status == "ready"


def test_a_long_file_lets_text_tasks_through_between_its_batches(database_tasks, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import make_user

    settings.DOCSTORE_PREVIEW_BATCH_PAGES = 2
    clerk = make_user("clerk-bg", "clerk")
    from docstore.services import documents

    long = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("长文件", ["第一条"], pages=5)),
        filename="long.pdf",
        title="长文件",
        doc_type=DocumentType.objects.get(code="other"),
    )
    tasks.extract_text.call(long.current_version.pk)
    DBTaskResult.objects.all().delete()
    tasks.make_previews.call(long.current_version.pk)  # the first batch, then the rest is queued
    later = _upload(clerk, "后到的合同")
    queued = [r.task_path.rsplit(".", 1)[1] for r in DBTaskResult.objects.ready()]
    assert queued == ["extract_text", "make_previews"]  # the later text, then the long file's next batch
    run_worker()
    assert Derivative.objects.get(version=long.current_version).preview_pages == 5
    assert [pk for pk, _ in search.ranked_ids(search.parse("后到的合同"))] == [later.pk]


def test_two_requests_for_the_same_page_at_once_record_it_once(flushable_db, monkeypatch, store, settings):
    """Two renderers (two processes in production) reach the same missing page together: one row, one
    blob, both answered with it."""
    from tests.conftest import make_user

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}
    }  # no background

    document = _upload(make_user("clerk-bg", "clerk"), "并发")
    version = document.current_version
    monkeypatch.setattr(derive, "ON_DEMAND", threading.BoundedSemaphore(2))
    both_rendered = threading.Barrier(2, timeout=30)
    record = derive._record

    def record_together(*args, **kwargs):
        both_rendered.wait()
        return record(*args, **kwargs)

    monkeypatch.setattr(derive, "_record", record_together)
    results, errors = [], []

    def ask():
        from django.db import connection

        try:
            results.append(derive.page_on_demand(version, 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(PreviewPage.objects.filter(version=version))
    assert len(rows) == 1 and {r.sha256 for r in results} == {rows[0].sha256}
    assert store.exists(rows[0].sha256)
    assert Derivative.objects.get(version=version).thumbnail_sha256


# ---------------------------------------------------------------- run_workers


def test_the_supervisor_restarts_a_worker_that_exits_and_stops_them_all(tmp_path):
    from core.management.commands.run_workers import Supervisor

    marker = tmp_path / "starts"
    script = f"open({str(marker)!r}, 'a').write('x'); import time; time.sleep(0.3)"

    class Short(Supervisor):
        def command(self, index):
            super().command(index)
            return [sys.executable, "-c", script]

    out = io.StringIO()
    supervisor = Short(2, [], nice=5, out=out)
    runner = threading.Thread(target=supervisor.run, kwargs={"poll": 0.05})
    runner.start()
    try:
        for _ in range(600):  # at most 30 s
            if marker.exists() and len(marker.read_text()) >= 4:
                break
            threading.Event().wait(0.05)
    finally:
        supervisor.stop()
        runner.join(timeout=30)
    assert not runner.is_alive()
    assert len(marker.read_text()) >= 4 and supervisor.restarts >= 2  # two workers, each started again
    assert all(child.poll() is not None for child in supervisor.children.values())
    assert "2 workers started (nice 5)" in out.getvalue() and "restarting" in out.getvalue()


def test_workers_default_to_one_per_core(monkeypatch):
    from django.core.management import call_command

    from core.management.commands import run_workers

    made = {}

    class Recorded(run_workers.Supervisor):
        def run(self, poll=0.5):
            made.update(processes=self.processes, args=self.worker_args, nice=self.nice)
            made["queues"] = tuple(
                argv[argv.index("--queue-name") + 1] for argv in map(self.command, range(self.processes))
            )

    monkeypatch.setattr(run_workers, "Supervisor", Recorded)
    monkeypatch.setattr(run_workers.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(run_workers.signal, "signal", lambda *a: None)
    call_command("run_workers")
    assert made["processes"] == 3 and made["nice"] == 10
    assert "--no-reload" in made["args"] and made["args"][made["args"].index("--interval") + 1] == "0.5"
    assert made["queues"] == ("text", "*", "*")  # the first worker takes text alone


@pytest.mark.parametrize(("processes", "queues"), [(1, ("*",)), (2, ("text", "*"))])
def test_one_worker_is_kept_on_text_when_there_are_two(processes, queues):
    from core.management.commands.run_workers import Supervisor

    supervisor = Supervisor(processes, [], nice=0, text_only=1 if processes > 1 else 0)
    argv = [supervisor.command(index) for index in range(processes)]
    assert tuple(a[a.index("--queue-name") + 1] for a in argv) == queues


def test_the_text_worker_takes_text_alone_and_the_others_everything(database_tasks):
    """Text tasks are in their own queue; a worker on it never takes the page images or OCR."""
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import make_user

    clerk = make_user("clerk-text", "clerk")
    document = _upload(clerk, "丙合同")
    run_worker(queues=["text"])  # the text, which queues the previews in the default queue
    entry = search.ranked_ids(search.parse("丙合同"))
    assert [pk for pk, _ in entry] == [document.pk]
    waiting = [(r.task_path.rsplit(".", 1)[1], r.queue_name) for r in DBTaskResult.objects.ready()]
    assert waiting == [("make_previews", "default")]
    run_worker()
    assert not DBTaskResult.objects.ready().exists()
