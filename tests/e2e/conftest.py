"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium), never a browser
downloaded by a test tool. Without Chromium the tests skip with the reason (CI installs it with apt-get,
see scripts/system_deps.sh). Every test fails on any console error, uncaught page error, Content-Security-Policy
violation or request that leaves the test server (the product runs offline: no CDN)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import empty_database

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run beside it. Set
# only while the browser tests run (see the hooks below): a deploy check run by another test in a subprocess
# rightly refuses it.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"
README_SHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "pw-Secret-123"

# Init scripts are not subject to the page's CSP: this one reports every violation in every frame to the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation([e.effectiveDirective, "blocked", e.blockedURI || "(inline)", "in", e.documentURI,
                         "at", (e.sourceFile || "") + ":" + e.lineNumber, e.sample || ""].join(" "));
}, true);
"""


def _why_skip() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (Debian package 'chromium'; CI installs it with apt-get)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _why_skip()
    here = str(Path(__file__).resolve().parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a browser test's database is restored from its serialized copy (serialized_rollback), empty it:
    a transactional test elsewhere may have ended with a flush whose post_migrate re-created role groups,
    content types and permissions under other ids, on which the restore would collide."""
    if not _ours(item) or _why_skip():
        return
    from pytest_django.plugin import blocking_manager_key

    os.environ[ASYNC_UNSAFE] = "true"
    _playwright()  # start it before the database is set up: it changes this thread's context
    _keep_serialized_copy()
    with item.config.stash[blocking_manager_key].unblock():
        empty_database(post_migrate=False)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last browser test: stop Playwright (its event loop would stay "running" in this thread for
    the tests that follow) and drop the async-unsafe switch."""
    if _ours(item) and (nextitem is None or not _ours(nextitem)):
        _stop_playwright()


def _ours(item) -> bool:
    return str(item.fspath).startswith(str(Path(__file__).resolve().parent))


_SERIALIZED: dict[str, str] = {}


def _keep_serialized_copy() -> None:
    """Django keeps the serialized copy of the migrated database on the connection object of the context that
    created the test database. Playwright's greenlets give this thread another context, hence other
    connection objects (asgiref's Local is context-based): hand the copy over to the current one."""
    import gc

    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    current = connections[DEFAULT_DB_ALIAS]
    if hasattr(current, "_test_serialized_contents"):
        _SERIALIZED.setdefault(DEFAULT_DB_ALIAS, current._test_serialized_contents)
        return
    if DEFAULT_DB_ALIAS not in _SERIALIZED:
        for obj in gc.get_objects():
            if isinstance(obj, BaseDatabaseWrapper) and obj.alias == DEFAULT_DB_ALIAS:
                contents = getattr(obj, "_test_serialized_contents", None)
                if contents:
                    _SERIALIZED[DEFAULT_DB_ALIAS] = contents
                    break
    if DEFAULT_DB_ALIAS in _SERIALIZED:
        current._test_serialized_contents = _SERIALIZED[DEFAULT_DB_ALIAS]


_PLAYWRIGHT: list = []


def _playwright():
    if not _PLAYWRIGHT:
        from playwright.sync_api import sync_playwright

        _PLAYWRIGHT.append(sync_playwright().start())
    return _PLAYWRIGHT[0]


def _stop_playwright():
    while _PLAYWRIGHT:
        _PLAYWRIGHT.pop().stop()
    os.environ.pop(ASYNC_UNSAFE, None)


def pytest_sessionfinish(session, exitstatus):
    _stop_playwright()


@pytest.fixture
def playwright_session():
    return _playwright()


@pytest.fixture
def flushable_db(transactional_db):
    """transaction=True tests end with a flush, which the append-only triggers on SQLite refuse: empty the
    tables with the triggers off (the next test restores the migrated data from the serialized copy)."""
    yield
    from django.db import connection

    if connection.vendor == "sqlite":
        empty_database(post_migrate=False)


@pytest.fixture
def e2e_settings(settings, tmp_path):
    settings.SEAL_SIGNING_DIR = str(tmp_path / "signing")
    settings.DEBUG = False
    return settings


class Browser:
    """One fresh Chromium profile per test; pages record console errors and page errors."""

    def __init__(self, pw, base_url):
        self.pw = pw
        self.base_url = base_url
        self.errors: list[str] = []
        self.expected: list[str] = []  # URL fragments whose failed load a test provokes on purpose
        self.contexts = []
        self.dirs = []

    def new_page(self, width=1280, height=900):
        profile = tempfile.mkdtemp(prefix="e2e-chromium-")
        self.dirs.append(profile)
        context = self.pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": width, "height": height},
            locale="zh-CN",
            base_url=self.base_url,
        )
        context.set_default_timeout(15_000)
        context.expose_binding("__cspViolation", lambda source, report: self.errors.append(f"CSP: {report}"))
        context.add_init_script(CSP_LISTENER)
        context.route(lambda url: not url.startswith(self.base_url), self._offsite)
        self.contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        return page

    def _offsite(self, route):
        self.errors.append(f"request off the test server: {route.request.url}")
        route.abort()

    def _console(self, msg):
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if any(fragment in where for fragment in self.expected):
            return
        self.errors.append(f"console: {msg.text} ({where})")

    def login(self, username, width=1280, height=900):
        page = self.new_page(width, height)
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    def close(self):
        for context in self.contexts:
            context.close()
        for profile in self.dirs:
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(playwright_session, live_server, flushable_db, e2e_settings):
    b = Browser(playwright_session, live_server.url)
    yield b
    b.close()
    assert not b.errors, "browser console errors:\n" + "\n".join(b.errors)


def shot(page, name: str, readme: bool = False, full_page: bool = True) -> Path:
    """Save a screenshot under tests/e2e/screenshots/ (git-ignored); the README's also under docs/screenshots/,
    but only with UPDATE_SCREENSHOTS=1 (a test run leaves the checkout as it was)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if readme and os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SHOTS / f"{name}.png")
    return path


def off_loop(func, *args, **kwargs):
    """Run set-up code in a worker thread: Playwright's event loop runs in this one, and code that calls
    asyncio.run (pyHanko signing a stamped PDF) cannot run beside it."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def call():
        try:
            return func(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def pick(page, label: str, typed: str, option: str | None = None, *, scope=None):
    """Choose in a type-ahead picker (static/js/picker.js): type into the box labelled `label`, then click the
    option whose text contains `option` (default: what was typed)."""
    import re

    where = scope or page
    from playwright.sync_api import expect

    box = where.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))  # a required field's label ends in *
    expect(box).to_have_attribute("role", "combobox")  # picker.js has taken the box (a deferred script)
    box.fill(typed)
    choice = where.locator(".picker-option", has_text=option or typed).first
    choice.wait_for()
    choice.dispatch_event("mousedown")
    return box
