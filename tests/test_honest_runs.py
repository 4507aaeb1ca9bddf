"""The tests and benchmarks tell the truth: with CI=true a test skipped for want of LibreOffice, Chromium,
PostgreSQL or gettext fails the run (the PostgreSQL-only tests still skip on the SQLite leg); the e2e tests
write docs/screenshots/ only with UPDATE_SCREENSHOTS=1; bench/run.py exits non-zero on a failed or missed
benchmark."""

from pathlib import Path

import pytest
from django.db import connection

from bench import run as bench_run
from tests import conftest


class Item:
    def __init__(self, *markers):
        self.markers = set(markers)

    def get_closest_marker(self, name):
        return object() if name in self.markers else None


class Report:
    """What pytest reports for a skipped test."""

    def __init__(self, reason, **extra):
        self.skipped = True
        self.outcome = "skipped"
        self.longrepr = ("tests/x.py", 1, f"Skipped: {reason}")
        self.__dict__.update(extra)


class Outcome:
    def __init__(self, report):
        self.report = report

    def get_result(self):
        return self.report


def after_hook(item, report):
    hook = conftest.pytest_runtest_makereport(item, None)
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(Outcome(report))
    return report


@pytest.fixture
def ci(monkeypatch):
    monkeypatch.setenv("CI", "true")


@pytest.mark.parametrize(
    "reason",
    [
        "LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui and fonts-noto-cjk",
        "Chromium not found at /usr/bin/chromium (Debian package 'chromium'; CI installs it with apt-get)",
        "playwright is not installed (pip install -e '.[dev]')",
        "GNU gettext (xgettext) is not installed: extraction cannot be checked here",
        "needs PostgreSQL",
    ],
)
def test_on_ci_a_missing_system_package_fails_the_test(ci, reason):
    report = after_hook(Item(), Report(reason))
    assert report.outcome == "failed"
    assert "CI=true" in report.longrepr and reason in report.longrepr


def test_off_ci_it_stays_a_skip(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    report = after_hook(Item(), Report("LibreOffice (soffice) is not installed"))
    assert report.outcome == "skipped"


def test_on_ci_other_skips_stay_skips(ci):
    assert after_hook(Item(), Report("could not import 'bagit'")).outcome == "skipped"
    expected = after_hook(Item(), Report("needs LibreOffice", wasxfail="known"))
    assert expected.outcome == "skipped"  # an expected failure is not a skip


def test_postgres_only_skips_on_sqlite_and_fails_on_postgresql(ci, monkeypatch):
    item = Item("postgres_only")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert after_hook(item, Report("needs PostgreSQL row locks")).outcome == "skipped"
    monkeypatch.setattr(connection, "vendor", "postgresql")
    assert after_hook(item, Report("needs PostgreSQL row locks")).outcome == "failed"


# ---------------------------------------------------------------- screenshots


class Page:
    def screenshot(self, path, full_page):
        Path(path).write_bytes(b"png")


@pytest.fixture
def shots(monkeypatch, tmp_path):
    from tests.e2e import conftest as e2e

    monkeypatch.setattr(e2e, "SHOTS", tmp_path / "e2e")
    monkeypatch.setattr(e2e, "README_SHOTS", tmp_path / "docs")
    return e2e


def test_a_test_run_leaves_the_readme_screenshots_alone(shots, monkeypatch, tmp_path):
    monkeypatch.delenv("UPDATE_SCREENSHOTS", raising=False)
    assert shots.shot(Page(), "home-clerk", readme=True) == tmp_path / "e2e" / "home-clerk.png"
    assert not (tmp_path / "docs").exists()


def test_update_screenshots_writes_them(shots, monkeypatch, tmp_path):
    monkeypatch.setenv("UPDATE_SCREENSHOTS", "1")
    shots.shot(Page(), "home-clerk", readme=True)
    shots.shot(Page(), "not-for-the-readme")
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["home-clerk.png"]


# ---------------------------------------------------------------- benchmarks


@pytest.mark.parametrize(
    "result, why",
    [
        ({"all": {"p95_ms": 20.0}, "target_p95_ms": 50}, None),
        ({"all": {"p95_ms": 51.0}, "target_p95_ms": 50}, "missed its target: p95 51.0 ms > 50 ms"),
        ({"worst_filter_p95_ms": 66.1, "target_p95_ms": 100}, None),
        ({"worst_filter_p95_ms": 120, "target_p95_ms": 100}, "missed its target: p95 120 ms > 100 ms"),
        ({"total_s_max": 0.2, "target_s": 1.0, "ok": True}, None),
        ({"total_s_max": 1.5, "target_s": 1.0, "ok": False}, "missed its target (1.0 s)"),
        ({"target_p95_ms": 50}, "carries a target (50 ms) but no p95 to hold against it"),
        ({"error": 1}, "failed (1)"),
        (None, "returned no result"),
        ({"pdf_pages_per_s": 30.4}, None),  # no target: measured, not judged
        (
            {
                "targets": [
                    {"name": "docs/s", "value": 151, "min": 150},
                    {"name": "rss", "value": 90, "max": 150},
                ]
            },
            None,
        ),
        ({"targets": [{"name": "docs/s", "value": 58, "min": 150}]}, "missed its target: docs/s 58 < 150"),
        ({"targets": [{"name": "rss MB", "value": 170, "max": 150}]}, "missed its target: rss MB 170 > 150"),
        ({"targets": [{"name": "errors"}]}, "carries a target (errors) but no value to hold against it"),
    ],
)
def test_bench_verdicts(result, why):
    assert bench_run.missed(result) == why


def test_bench_run_exits_non_zero_when_one_misses(monkeypatch, tmp_path, capsys):
    made = {"bench.search": {"all": {"p95_ms": 80.0}, "target_p95_ms": 50}, "bench.upload": {"total_mb": 1}}
    monkeypatch.setattr(bench_run, "OUT", tmp_path)
    monkeypatch.setattr(bench_run, "run_one", lambda module, args: made[module])
    assert bench_run.main(["upload"]) == 0
    assert bench_run.main(["upload", "search"]) == 1
    assert "FAILED search: missed its target: p95 80.0 ms > 50 ms" in capsys.readouterr().out
    assert (tmp_path / "results.json").exists()
    assert bench_run.main(["nosuch"]) == 1


def test_bench_run_passes_arguments_after_a_double_dash(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(bench_run, "OUT", tmp_path)
    monkeypatch.setattr(bench_run, "run_one", lambda module, args: seen.append(args) or {})
    assert bench_run.main(["load", "--quick", "--", "--duration", "5"]) == 0
    assert seen == [["--duration", "30", "--docs", "2000", "--duration", "5"]]


def test_bench_run_turns_a_crash_into_an_error(monkeypatch, tmp_path):
    (tmp_path / "crashing_bench.py").write_text("def main(argv):\n    raise SystemExit(3)\n")
    (tmp_path / "silent_bench.py").write_text(
        "def main(argv):\n    print('no result line')\n    raise SystemExit(0)\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    assert bench_run.run_one("crashing_bench", []) == {"error": 3}
    assert bench_run.run_one("silent_bench", []) == {"error": "no result"}
