"""`manage.py run_workers`: N background worker processes (django-tasks-db's `db_worker`), kept running.

N defaults to the number of cores; with two or more, the first takes text tasks alone (core.queues). Each
worker runs at a lower CPU priority (nice) than the web server: on a busy machine requests win and the
background work takes what is left. A worker that exits (a crash, or
--max-tasks reached: recycling bounds what a long-lived process accumulates) is started again, after a pause
when it keeps dying at once. SIGTERM or SIGINT stops them all gracefully: each finishes the task in hand.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from core import db_stats
from core.queues import TEXT as TEXT_QUEUE

QUICK_EXIT_S = 5  # a worker that dies sooner than this is restarted after a growing pause
MAX_PAUSE_S = 30
STOP_TIMEOUT_S = 60  # then the workers still running are killed


class Supervisor:
    def __init__(
        self, processes: int, worker_args: list[str], nice: int, out=None, queues="*", text_only: int = 0
    ):
        self.processes = processes
        self.worker_args = worker_args
        self.queues = queues  # what every worker takes but the first `text_only`, which take text alone
        self.text_only = text_only
        self.nice = nice
        self.out = out or sys.stdout
        self.children: dict[int, subprocess.Popen] = {}
        self.started: dict[int, float] = {}
        self.pause: dict[int, float] = {}
        self.generation = 0
        self.restarts = 0
        self.stopping = threading.Event()

    def command(self, index: int) -> list[str]:
        self.generation += 1
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{index}-{self.generation}"
        queues = TEXT_QUEUE if index < self.text_only else self.queues
        return [
            sys.executable,
            "-m",
            "django",
            "db_worker",
            "--worker-id",
            worker_id,
            "--queue-name",
            queues,
            *self.worker_args,
        ]

    def _lower_priority(self) -> None:
        if self.nice:
            os.nice(self.nice)

    def start(self, index: int) -> None:
        self.children[index] = subprocess.Popen(
            self.command(index), cwd=settings.BASE_DIR, preexec_fn=self._lower_priority
        )
        self.started[index] = time.monotonic()

    def run(self, poll: float = 0.5) -> None:
        for index in range(self.processes):
            self.start(index)
        self.out.write(f"run_workers: {self.processes} workers started (nice {self.nice})\n")
        self.out.flush()
        interval = settings.DB_STATS_INTERVAL
        next_stats = time.monotonic() + interval
        while not self.stopping.wait(poll):
            if interval and time.monotonic() >= next_stats:  # the planner's statistics (core.db_stats)
                db_stats.refresh_quietly()
                next_stats = time.monotonic() + interval
            for index, child in list(self.children.items()):
                if child.poll() is None:
                    continue
                lived = time.monotonic() - self.started[index]
                pause = 0.0
                if lived < QUICK_EXIT_S:
                    pause = min(MAX_PAUSE_S, max(1.0, self.pause.get(index, 0.0) * 2))
                self.pause[index] = pause
                self.out.write(
                    f"run_workers: worker {index} exited ({child.returncode}) after {lived:.0f} s; "
                    f"restarting{f' in {pause:.0f} s' if pause else ''}\n"
                )
                self.out.flush()
                if self.stopping.is_set() or (pause and self.stopping.wait(pause)):
                    break
                self.restarts += 1
                self.start(index)
        self.stop_children()

    def stop(self, *_args) -> None:
        self.stopping.set()

    def stop_children(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for child in self.children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


class Command(BaseCommand):
    help = "启动并看护 N 个后台任务进程（默认：CPU 核数）。"
    # The system checks load every URL and view (about 50 MB a process); `migrate` runs them at each deploy.
    # Neither the supervisor nor a worker serves a page, so neither loads them (--skip-checks below).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=0, help="worker processes (default: cores)")
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between polls when idle")
        parser.add_argument(
            "--max-tasks", type=int, default=1000, help="tasks a worker runs before it is replaced"
        )
        parser.add_argument("--nice", type=int, default=10, help="CPU priority below the web server's")
        parser.add_argument("--queue-name", default="*", help="the queues the workers take (default: all)")
        parser.add_argument(
            "--text-workers",
            type=int,
            default=None,
            help="workers that take text tasks alone (default: 1 when there are 2 workers or more, else 0)",
        )

    def handle(self, *args, **options):
        processes = options["processes"] or os.cpu_count() or 1
        worker_args = [
            "--interval",
            str(options["interval"]),
            "--max-tasks",
            str(options["max_tasks"]),
            "--no-reload",
            "--no-startup-delay",
            "--skip-checks",
            f"--verbosity={options['verbosity']}",
        ]
        text_only = options["text_workers"]
        if text_only is None:
            text_only = 1 if processes > 1 else 0
        supervisor = Supervisor(
            processes,
            worker_args,
            options["nice"],
            self.stdout,
            queues=options["queue_name"],
            text_only=min(text_only, processes - 1),  # one worker at least takes everything else
        )
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        supervisor.run()
