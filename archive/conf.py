"""Archive settings: each `getattr(settings, NAME, env default)`, so settings.py need not change."""

from config.env import env_int, env_str
from config.env import setting as _get


def internal_loan_days() -> int:
    return _get("ARCHIVE_INTERNAL_LOAN_DAYS", env_int("ARCHIVE_INTERNAL_LOAN_DAYS", 7))


def external_loan_days() -> int:
    return _get("ARCHIVE_EXTERNAL_LOAN_DAYS", env_int("ARCHIVE_EXTERNAL_LOAN_DAYS", 30))


def renewal_limit() -> int:
    return _get("ARCHIVE_RENEWAL_LIMIT", env_int("ARCHIVE_RENEWAL_LIMIT", 2))


def filing_not_returned_days() -> int:
    return _get("ARCHIVE_FILING_NOT_RETURNED_DAYS", env_int("ARCHIVE_FILING_NOT_RETURNED_DAYS", 30))


def reminder_days_ahead() -> int:
    """Originals due within this many days are shown as 'due soon' in the reminders."""
    return _get("ARCHIVE_REMINDER_DAYS", env_int("ARCHIVE_REMINDER_DAYS", 2))


def allowed_formats() -> list[str]:
    """Media types the usability check (四性检测) accepts for archival files."""
    value = _get("ARCHIVE_ALLOWED_FORMATS", None)
    if value is None:
        raw = env_str(
            "ARCHIVE_ALLOWED_FORMATS",
            "application/pdf,image/tiff,image/jpeg,image/png,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        value = [item.strip() for item in raw.split(",") if item.strip()]
    return list(value)
