"""Shared helpers for the benchmarks: a throwaway Django environment and percentile maths."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_url: str | None = None, tasks: str = "dummy") -> Path:
    """Point Django at a fresh var/ folder (and database) and migrate. Returns the work folder."""
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=os.environ.get("BENCH_TMP")))
    os.environ["VAR_DIR"] = str(work)
    os.environ["STORAGE_DIR"] = str(work / "blobs")
    os.environ["TASKS_BACKEND"] = tasks
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_bench")
    os.environ["SECRET_KEY"] = "bench-only-" + "k" * 50  # as bench.server gives the app
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return work


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(samples: list[float], cpu: list[float] | None = None) -> dict:
    """p50/p95/mean of wall-clock samples (seconds), and the p95 of this process's CPU time per sample when
    given: on a loaded machine the CPU time still says what the work itself costs."""
    summary = {
        "p50_ms": round(percentile(samples, 50) * 1000, 2),
        "p95_ms": round(percentile(samples, 95) * 1000, 2),
        "mean_ms": round(statistics.fmean(samples) * 1000, 2) if samples else None,
        "n": len(samples),
    }
    if cpu:
        summary["cpu_p95_ms"] = round(percentile(cpu, 95) * 1000, 2)
    return summary


class Samples:
    """Wall-clock and CPU time of each timed call."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, func, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func(*args, **kwargs)
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return result

    def summary(self) -> dict:
        return summary_ms(self.wall, self.cpu)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, to print beside every figure (`uptime`'s)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
