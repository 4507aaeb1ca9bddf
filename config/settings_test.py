"""Test settings: the production settings with HTTPS redirects off, tasks inline and fast hashing."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = BASE_DIR / "static"  # noqa: F405  (exists in the checkout; nothing is collected in tests)

# SQLite: the test database is a file, as in production (WAL, BEGIN IMMEDIATE, a busy timeout), so that the
# threads of the concurrency tests wait for the write lock; the default in-memory database with its shared
# cache fails them at once with "table is locked" instead.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
