"""gunicorn for production: one worker process per core, threads for the waits, recycling that drops no client.

- Workers: one per core (WEB_CONCURRENCY). Python runs one thread at a time per process, so more processes
  than cores only queue on the CPU (5 x 4 on 2 cores did); the threads of each cover what waits (fsync,
  SQLite's write lock, PostgreSQL, MinIO, slow clients).
- Connections: a worker holds at most as many as it has threads (gunicorn's default is 1,000). A worker whose
  threads are all busy then leaves the next connection in the listening socket for the first worker with a free
  thread, instead of queueing it behind its own (`bench load`, 50 users: p95 340 -> 294 ms, p99 581 -> 432 ms).
- Recycling: a worker is replaced after max_requests (bounding what a long-lived process accumulates). A
  replaced worker would drop its idle keep-alive connections, and a client that sent its next request on one
  at that moment got a reset (8 in 3 minutes of the load benchmark). With keepalive 0 every response closes
  its connection (the reverse proxy in front keeps the clients' connections alive), so there is never an
  idle one to drop: a request either reached the old worker, which finishes it, or the listening socket,
  which another worker serves. And a recycled worker serves the connections it had accepted before it stops
  (config/gunicorn_worker.py: gunicorn's own gthread worker closes them unanswered, one reset in 8,000
  requests). `bench load` counts every error; GUNICORN_KEEPALIVE turns keep-alive back on.
- preload_app: the application is imported once in the master, so a recycled worker starts at once instead
  of importing Django again (about a second of CPU) while the others carry its load.
- Garbage collection: the master imports the app with the collector off and freezes what it imported before
  each fork, so a worker's collections never walk the ~190,000 objects of Django and the app (a full one took
  ~60 ms, stalling all of the worker's threads) and never write to the pages it shares with the master; the
  young generation is collected every GC_GEN0 allocations instead of 700 (a request makes several thousand).
"""

import gc
import multiprocessing
import os

gc.disable()  # until each worker starts: nothing freed while the app is imported leaves holes in shared pages
GC_GEN0 = int(os.environ.get("GUNICORN_GC_GEN0", 10_000))

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads))
worker_class = "config.gunicorn_worker.DrainingThreadWorker"  # gthread, recycled without a reset
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))  # large uploads and stampings
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 0))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_field_size = 16384


def when_ready(server):
    """Import every URL and view in the master too (the app is preloaded there): a recycled worker then answers
    its first request at once instead of importing them first (about half a second of CPU under load)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


def pre_fork(server, worker):
    gc.freeze()  # everything the master holds: out of the workers' collections for good


def post_fork(server, worker):
    gc.set_threshold(GC_GEN0, 10, 10)
    gc.enable()
