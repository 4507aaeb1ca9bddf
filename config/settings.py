"""Settings, driven by the environment. Every variable is documented in README.md."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Without an explicit SECRET_KEY a development key is used; `check --deploy` flags it.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "core",
    "storage",
    "accounts",
    "notifications",
    "docstore",
    "seals",
    "archive",
    "cases",
    "workbench",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.UploadSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware_errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Django's form renderer with a select box that writes its options in place (core/form_renderer.py)
FORM_RENDERER = "core.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# Database: SQLite in WAL mode under var/ unless DATABASE_URL says otherwise. Connections persist (a new one per
# request cost about 3% under load), each checked before it is reused after an error or a restart.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
# Seconds between two refreshes of SQLite's query-planner statistics by `run_workers` (core.db_stats); 0: never.
DB_STATS_INTERVAL = env_int("DB_STATS_INTERVAL", 3600)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of deadlocking.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The lists join 8-9 tables; PostgreSQL weighed every order of them (join_collapse_limit 8) on each request:
    # planning the document list took 7.5 ms against 0.5 ms to run it. Up to DB_JOIN_COLLAPSE_LIMIT tables are
    # still reordered; the rest are joined as written (from the list's own table outwards).
    collapse = env_int("DB_JOIN_COLLAPSE_LIMIT", 4)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c join_collapse_limit={collapse} -c from_collapse_limit={collapse}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.DemoAwareBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Chinese first, Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Blob storage for document bytes.
STORAGE = env_str("STORAGE", "local")
STORAGE_DIR = Path(env_str("STORAGE_DIR", str(VAR_DIR / "blobs")))
MINIO_ENDPOINT = env_str("MINIO_ENDPOINT", "127.0.0.1:9000")
MINIO_ACCESS_KEY = env_str("MINIO_ACCESS_KEY", "")
MINIO_SECRET_KEY = env_str("MINIO_SECRET_KEY", "")
MINIO_BUCKET = env_str("MINIO_BUCKET", "paper-trail")
MINIO_SECURE = env_bool("MINIO_SECURE", False)
MINIO_REGION = env_str("MINIO_REGION", "us-east-1")
# Callables `provider(candidates=None) -> set[str]`: the sha256 (of the candidates, when given) that something
# live still references; versions of disposed documents do not count (storage knows no app).
STORAGE_REFERENCE_PROVIDERS = [
    "docstore.selectors.referenced_blobs",
    "seals.selectors.referenced_blobs",
]
# Callables returning the sha256 whose bytes an approved disposal deleted on purpose.
STORAGE_DISPOSED_PROVIDERS = ["archive.selectors.disposed_blobs"]

# Uploads: size limit in MB; larger bodies are answered 413 before they are read.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 200)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads spool to a temp file, never RAM
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
# Each upload is hashed while it arrives and spooled into the blob store's own folder, so that storing it reads
# nothing again (storage.uploads).
FILE_UPLOAD_HANDLERS = [
    "storage.uploads.HashingMemoryFileUploadHandler",
    "storage.uploads.HashingTemporaryFileUploadHandler",
]
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 100_000_000)
DOCX_MAX_MEMBERS = env_int("DOCX_MAX_MEMBERS", 2000)
DOCX_MAX_UNCOMPRESSED_MB = env_int("DOCX_MAX_UNCOMPRESSED_MB", 300)

# Background tasks (django-tasks): "database" runs in `manage.py db_worker`; "immediate" runs inline.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",  # benchmarks: enqueue, never run
        }.get(TASKS_BACKEND, "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],  # any: text has its own (docstore.tasks.TEXT_QUEUE, `run_workers`)
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.DemoAwareTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.IsStaff"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paper trail API",
    "DESCRIPTION": "Documents, seals and the archive of the customer-service department.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, not a CDN: intranets are offline, and the CSP allows 'self' only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No "validator" badge: it would load an image from swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.add_error_responses",
    ],
    # Choice sets whose field names ("kind", "status") recur across apps get explicit schema names.
    "ENUM_NAME_OVERRIDES": {
        "SealKindEnum": "seals.models.Seal.Kind",
        "SealStatusEnum": "seals.states.SealStatus",
        "SealRequestStatusEnum": "seals.states.RequestStatus",
        "SealLoanStatusEnum": "seals.states.LoanStatus",
        "ArchiveRecordStatusEnum": "archive.models.ArchiveRecord.Status",
        "LocationKindEnum": "archive.models.Location.Kind",
        "OriginalKindEnum": "archive.models.Original.Kind",
        "OriginalStatusEnum": "archive.models.Original.Status",
        "MovementKindEnum": "archive.models.Movement.Kind",
        "PartyTypeEnum": "archive.models.PartyType",
        "LetterDirectionEnum": "archive.models.Letter.Direction",
        "LetterStatusEnum": "archive.models.Letter.Status",
        "FilingKindEnum": "archive.models.Filing.Kind",
        "FilingStatusEnum": "archive.models.Filing.Status",
        "DisposalStatusEnum": "archive.models.DisposalBatch.Status",
        "CaseKindEnum": "cases.models.CaseKind",
        "CaseStatusEnum": "cases.states.CaseStatus",
        "CaseStepStatusEnum": "cases.states.StepStatus",
        "PaymentKindEnum": "cases.models.Payment.Kind",
    },
}

# Demo users: only ever created/usable with DEBUG on (see demo/management/commands/load_demo.py).
# Each app that has demo data names a loader `callable(demo)` (demo.registry.DemoRun: users, stdout, the record of
# demo objects); those that cannot be imported are skipped.
DEMO_LOADERS = ["seals.demo.load", "archive.demo.load", "cases.demo.load"]
# Navigation badges: each `callable(user) -> {name: count}`.
NAV_COUNT_PROVIDERS = [
    "seals.selectors.nav_counts",
    "archive.selectors.nav_counts",
    "notifications.selectors.nav_counts",
]
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo12345")

# Seal approval routing: who decides a request when its chain leaves nobody (the requester was its only
# approver, e.g. the manager's own request): a username or a role (group) name, optionally "user:"/"group:";
# by default the marketing director. Nobody there (or empty): refused at submission instead of waiting for ever. And how many days an approval stays valid when its rule says none.
SEALS_SECOND_APPROVER = env_str("SEALS_SECOND_APPROVER", "group:marketing_director")
SEALS_APPROVAL_VALID_DAYS = env_int("SEALS_APPROVAL_VALID_DAYS", 30)

# Notifications: every message carries a link under SITE_URL (the address people open the app at).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Mail goes through Django's mail settings; with EMAIL_HOST empty no mail is sent (the inbox still is).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "paper-trail@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# WeCom / DingTalk robots: each call bounded; failures retried with exponential backoff, then marked failed.
NOTIFY_HTTP_TIMEOUT = env_int("NOTIFY_HTTP_TIMEOUT", 10)
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 8)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 60)
NOTIFY_RETRY_MAX_SECONDS = env_int("NOTIFY_RETRY_MAX_SECONDS", 6 * 3600)
# Hosts a robot's webhook URL may point to (empty: any); the official robot APIs by default.
NOTIFY_WEBHOOK_HOSTS = env_list("NOTIFY_WEBHOOK_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])

# Security: strict by default when DEBUG is off (`manage.py check --deploy` is clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # the product's error page, which the CSP lets render
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
