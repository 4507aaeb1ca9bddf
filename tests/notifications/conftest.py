"""Real receivers on loopback: an SMTP server (aiosmtpd) and an HTTP server standing in for the WeCom and
DingTalk robots, each started on a free port for the test; and the seals and archive fixtures."""

import json
import socket
import threading
import time
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller

from notifications.events import Event
from notifications.services import notify
from tests.archive.conftest import box, new_document, original  # noqa: F401  (fixtures used here)
from tests.seals.conftest import make_request, make_seal, seal, version  # noqa: F401  (fixtures used here)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailBox:
    """What the SMTP server received: one parsed mail per recipient address."""

    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        mail = message_from_bytes(envelope.content, policy=default_policy)
        for rcpt in envelope.rcpt_tos:
            self.mails.append(
                {"to": rcpt, "subject": str(mail["subject"]).strip(), "body": mail.get_content()}
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[dict]:
        return [m for m in self.mails if m["to"] == address]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1; Django's mail settings point at it."""
    mailbox = MailBox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield mailbox
    finally:
        controller.stop()


class Robots:
    """An HTTP server standing in for the robots: it records every POST and answers as `plan` says, one
    answer per call ("ok" when the plan is empty): a status code, "slow" (answers after the client's
    timeout), or ("errcode", n) (200 with a robot's refusal)."""

    def __init__(self):
        self.calls = []
        self.plan = []
        self.lock = threading.Lock()
        self.port = 0

    def url(self, path="/cgi-bin/webhook/send", **query) -> str:
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{tail}" if tail else "")

    def on(self, path: str) -> list[dict]:
        return [c for c in self.calls if c["path"] == path]

    def handler(self):
        robots = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's hook name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                with robots.lock:
                    robots.calls.append(
                        {
                            "path": parts.path,
                            "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                            "json": json.loads(raw.decode("utf-8")),
                        }
                    )
                    answer = robots.plan.pop(0) if robots.plan else "ok"
                if answer == "slow":
                    time.sleep(1.5)
                    answer = "ok"
                if isinstance(answer, tuple):
                    self._reply(200, {"errcode": answer[1], "errmsg": "refused"})
                elif answer == "ok":
                    self._reply(200, {"errcode": 0, "errmsg": "ok"})
                else:
                    self._reply(int(answer), {"error": "server error"})

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def robots(settings):
    """The robots' stand-in on 127.0.0.1, allowed as a webhook host; calls time out after 0.5 s."""
    receiver = Robots()
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler())
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_WEBHOOK_HOSTS = ["127.0.0.1"]
    settings.NOTIFY_HTTP_TIMEOUT = 0.5
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as a transaction that commits: its on-commit callbacks (the queued deliveries) run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def people(clerk, field, manager):
    """The three roles with mail addresses."""
    for user, address in (
        (clerk, "wangfang@example.com"),
        (field, "lijun@example.com"),
        (manager, "zhangwei@example.com"),
    ):
        user.email = address
        user.save(update_fields=["email"])
    return {"clerk": clerk, "field": field, "manager": manager}


# An event of the tests' own, for notify() itself.
PING = Event("tests.ping", "测试通知")


def ping(recipients, key="1", **kw):
    kw.setdefault("link", "/notifications/")
    kw.setdefault("subject", "测试通知 %(n)s")
    kw.setdefault("body", "正文 %(n)s")
    kw.setdefault("params", {"n": key})
    return notify(PING, recipients=recipients, key=key, **kw)
