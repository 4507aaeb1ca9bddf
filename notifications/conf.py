"""Settings of the notifications app, read when needed so that tests can override them.

SITE_URL                    the address people open: every message's link is absolute under it
NOTIFY_HTTP_TIMEOUT         seconds a webhook call may take (connect and read)
NOTIFY_MAX_ATTEMPTS         attempts per delivery before it is marked failed
NOTIFY_RETRY_BASE_SECONDS   the first retry waits this long, each next one twice as long ...
NOTIFY_RETRY_MAX_SECONDS    ... up to this
NOTIFY_WEBHOOK_HOSTS        hosts a webhook URL may point to (empty: any)
EMAIL_*                     Django's mail settings; mail is off until EMAIL_HOST is set
"""

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# While a worker sends, the delivery is claimed this long beyond the call's own timeout; a worker that dies
# mid-send leaves it to be tried again after that.
CLAIM_MARGIN = timedelta(minutes=5)


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + "/"


def absolute(link: str) -> str:
    """A deep link under SITE_URL (a link that is already absolute stays as it is)."""
    if not link:
        return site_url()
    if urlsplit(link).scheme:
        return link
    return urljoin(site_url(), link.lstrip("/"))


def http_timeout() -> float:
    return float(getattr(settings, "NOTIFY_HTTP_TIMEOUT", 10))


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: base, 2 x base, 4 x base ... up to the maximum."""
    base = float(getattr(settings, "NOTIFY_RETRY_BASE_SECONDS", 60))
    cap = float(getattr(settings, "NOTIFY_RETRY_MAX_SECONDS", 6 * 3600))
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def claim_for() -> timedelta:
    return timedelta(seconds=http_timeout() * 2) + CLAIM_MARGIN


def webhook_hosts() -> list[str]:
    return [h.lower() for h in getattr(settings, "NOTIFY_WEBHOOK_HOSTS", [])]


def email_enabled() -> bool:
    """Mail goes out once a mail server is configured (any non-SMTP backend counts: console, tests)."""
    return bool(getattr(settings, "EMAIL_HOST", "")) or settings.EMAIL_BACKEND != SMTP_BACKEND


def email_timeout() -> float:
    return float(getattr(settings, "EMAIL_TIMEOUT", None) or http_timeout())
