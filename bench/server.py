"""The application as it runs in production, for the HTTP benchmarks: gunicorn with deploy/gunicorn.conf.py and
the production settings (DEBUG off) on a free loopback port, and the background workers (`run_workers`, or N
`db_worker` processes where the code predates it), over the benchmark's own database and blob folder.

Also a small HTTP client (http.client: the least CPU a client can spend on this same machine), users with API
tokens and web sessions, and a multipart body builder.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_KEY = "bench-only-" + "k" * 50  # also the benchmark process's (bench.common): its sessions must hold


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(work: Path, db_url: str, **extra) -> dict:
    """The environment of a production process, pointed at the benchmark's database and folders."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATIC_MANIFEST": "0",
            "VAR_DIR": str(work),
            "STORAGE_DIR": str(work / "blobs"),
            "DATABASE_URL": db_url,
            "TASKS_BACKEND": "database",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


class App:
    """gunicorn + background workers; `with App(...) as app:` starts and stops them."""

    def __init__(self, work: Path, db_url: str, *, workers: bool = True, **env):
        self.work = work
        self.port = free_port()
        self.env = app_env(work, db_url, BIND=f"127.0.0.1:{self.port}", **env)
        self.with_workers = workers
        self.procs: list[subprocess.Popen] = []
        self.log = open(work / "server.log", "ab")  # noqa: SIM115

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self) -> None:
        self.web = self._spawn(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]
        )
        if self.with_workers:
            self.start_workers()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, _body = Client(self.port).request("GET", "/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer: see {self.work / 'server.log'}")

    def start_workers(self) -> None:
        if (ROOT / "core" / "management" / "commands" / "run_workers.py").exists():
            self.workers = [self._spawn([PYTHON, "manage.py", "run_workers", "-v", "0"])]
        else:  # the code before issue 15: one db_worker per core, as the command would start
            self.workers = [
                self._spawn([PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "1", "-v", "0"])
                for _ in range(os.cpu_count() or 1)
            ]

    def _spawn(self, argv) -> subprocess.Popen:
        proc = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        self.procs.append(proc)
        return proc

    def cpu_seconds(self) -> dict:
        """CPU time used so far by the web server and by the workers (live processes, and the ones that were
        replaced: their parent reaped them and counts them as its children)."""
        tick = os.sysconf("SC_CLK_TCK")
        used = {}
        for name, procs in (("web", [self.web]), ("workers", getattr(self, "workers", []))):
            total = 0
            for proc in procs:
                total += _cpu_ticks(proc.pid, children=True)
                total += sum(_cpu_ticks(pid) for pid in _children(proc.pid))
            used[name] = total / tick
        return used

    def pids(self) -> list[int]:
        """The web server's processes and the workers', children included."""
        found = []
        for proc in self.procs:
            found.append(proc.pid)
            found += _children(proc.pid)
        return found

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.log.close()


def _children(pid: int) -> list[int]:
    found = []
    try:
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            found.append(int(child))
            found += _children(int(child))
    except OSError:
        pass
    return found


def _cpu_ticks(pid: int, children: bool = False) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return utime + stime + ((cutime + cstime) if children else 0)


def peak_rss_mb(pid: int) -> float | None:
    """The process's high-water resident memory (VmHWM), read while it runs."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class Client:
    """One HTTP/1.1 connection (re-opened when the server closes it), as light on CPU as a client gets."""

    def __init__(self, port: int, headers: dict | None = None, timeout: float = 120):
        self.port = port
        self.headers = headers or {}
        self.timeout = timeout
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.conn.close()
            self.conn = None
            raise
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, data

    def json(self, method: str, path: str, payload=None):
        body = None if payload is None else json.dumps(payload).encode()
        status, data = self.request(
            method, path, body, {"Content-Type": "application/json"} if body else None
        )
        return status, (json.loads(data) if data[:1] in (b"{", b"[") else data)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type; files: name -> (filename, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def make_users() -> dict:
    """clerk, field staff and manager, each with an API token and a web session cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    User = get_user_model()
    made = {}
    for name, role in [
        ("bench_clerk", "clerk"),
        ("bench_field", "field_staff"),
        ("bench_manager", "manager"),
    ]:
        user, _created = User.objects.get_or_create(username=name, defaults={"display_name": name})
        user.groups.set(Group.objects.filter(name=role))
        token, _created = Token.objects.get_or_create(user=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.DemoAwareBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        made[role] = {
            "user": user,
            "api": {"Authorization": f"Token {token.key}"},
            "web": {"Cookie": f"sessionid={session.session_key}"},
        }
    return made


def unique_pdf(base: bytes, n: int) -> bytes:
    """The same PDF with a unique comment after its end: distinct bytes that every reader still opens."""
    return base + f"\n% bench upload {n} {uuid.uuid4().hex}\n".encode()
