"""A gunicorn worker recycled after max_requests answers every connection it had accepted; the deploy config
(deploy/gunicorn.conf.py: that worker, the frozen garbage collector) serves the real application.

The race is made likely on purpose: each client connects, waits a moment, then sends its request, so that a
worker often holds accepted connections whose request has not arrived when it reaches max_requests. gunicorn's
own gthread worker closes those unanswered (the client sees a reset); config.gunicorn_worker's does not.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUESTS, CLIENTS = 400, 16


def app(environ, start_response):
    """The smallest WSGI application: the recycling is what is tested, not Django."""
    time.sleep(0.002)
    body = b"ok"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(worker_class: str, port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--worker-class",
        worker_class,
        "--keep-alive",
        "0",
        "--max-requests",
        "15",
        "--log-level",
        "warning",
        "tests.test_gunicorn_recycling:app",
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    pytest.fail("gunicorn did not start")


def _hammer(port: int) -> tuple[int, list[str]]:
    """REQUESTS requests from CLIENTS threads, a new connection each: (answered, failures)."""
    answered, failures, lock = [0], [], threading.Lock()
    per_client = REQUESTS // CLIENTS

    def client():
        for _ in range(per_client):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.connect()
                time.sleep(0.005)  # accepted, its request not yet sent
                conn.request("GET", "/")
                ok = conn.getresponse().read() == b"ok"
                with lock:
                    answered[0] += ok
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    failures.append(type(exc).__name__)
            finally:
                conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answered[0], failures


def _run(worker_class: str) -> tuple[int, list[str]]:
    port = _free_port()
    server = _serve(worker_class, port)
    try:
        return _hammer(port)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_recycled_worker_answers_every_connection_it_accepted():
    answered, failures = _run("config.gunicorn_worker.DrainingThreadWorker")
    assert failures == []
    assert answered == REQUESTS


def test_the_race_is_real_with_gunicorns_own_worker():
    """Without this, the test above could pass only because nothing provoked the race."""
    answered, failures = _run("gthread")
    assert failures, "gthread answered everything: the test no longer provokes the race"
    assert answered + len(failures) == REQUESTS


def test_the_deploy_config_serves_the_app_through_recycling(tmp_path):
    """gunicorn as deployed (DEBUG off), its workers recycled every 10 requests: every page answers."""
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
        VAR_DIR=str(tmp_path),
        STORAGE_DIR=str(tmp_path / "blobs"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        BIND=f"127.0.0.1:{port}",
        GUNICORN_MAX_REQUESTS="10",
        GUNICORN_ACCESSLOG="",
    )
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        statuses = []
        deadline = time.monotonic() + 60
        while len(statuses) < 60 and time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", "/login/")
                answer = conn.getresponse()
                answer.read()
                statuses.append((answer.status, bool(answer.getheader("Content-Security-Policy"))))
            except ConnectionRefusedError:
                time.sleep(0.2)  # still starting
            finally:
                conn.close()
        assert statuses == [(200, True)] * 60
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert b"Autorestarting worker" in log  # the workers were recycled meanwhile
    assert b"Traceback" not in log
