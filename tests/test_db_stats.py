"""The query planner's statistics (core.db_stats): written after migrate, refreshed by the worker supervisor."""

import pytest
from django.core.management import call_command
from django.db import connection

from core import db_stats

pytestmark = pytest.mark.django_db(transaction=True)
# the reason names no tool CI installs: under CI=true such a skip would fail the other leg
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="planner statistics of SQLite only")


def _analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@sqlite_only
def test_migrate_leaves_statistics_of_every_table_with_rows(clerk):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    assert _analysed_tables() == set()
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate is sent all the same
    assert {"auth_group", "accounts_user", "auth_permission"} <= _analysed_tables()


@sqlite_only
def test_refresh_analyses_a_table_rebuilt_since(clerk):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'accounts_user'")
    assert "accounts_user" not in _analysed_tables()
    assert db_stats.refresh() is True
    assert "accounts_user" in _analysed_tables()


def test_refresh_quietly_never_raises(monkeypatch):
    def broken(using="default"):
        raise RuntimeError("database gone")

    monkeypatch.setattr(db_stats, "refresh", broken)
    db_stats.refresh_quietly()  # logged, not raised: the worker supervisor keeps running


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the other database")
def test_postgresql_is_left_to_autovacuum():
    assert db_stats.refresh() is False


def test_the_worker_supervisor_refreshes_them_every_interval(settings, monkeypatch):
    import sys
    import threading

    from core.management.commands import run_workers

    settings.DB_STATS_INTERVAL = 0.1
    refreshed = []
    monkeypatch.setattr(db_stats, "refresh_quietly", lambda using="default": refreshed.append(using))

    class Idle(run_workers.Supervisor):
        def command(self, index):
            return [sys.executable, "-c", "import time; time.sleep(5)"]

    supervisor = Idle(1, [], nice=0)
    runner = threading.Thread(target=supervisor.run, kwargs={"poll": 0.02})
    runner.start()
    try:
        for _ in range(250):  # at most 5 s
            if len(refreshed) >= 2:
                break
            threading.Event().wait(0.02)
    finally:
        supervisor.stop()
        runner.join(timeout=30)
    assert len(refreshed) >= 2
