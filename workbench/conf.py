"""Settings of the workbench (all optional): `getattr(settings, NAME, default)`."""

from django.conf import settings


def filing_not_returned_days() -> int:
    """Filings not returned after this many days are listed (the archive's setting when it has one)."""
    own = getattr(settings, "WORKBENCH_FILING_DAYS", None)
    if own is not None:
        return int(own)
    return int(getattr(settings, "ARCHIVE_FILING_NOT_RETURNED_DAYS", 30))


def letter_due_days_ahead() -> int:
    return int(getattr(settings, "WORKBENCH_LETTER_DUE_DAYS", 7))


def anomaly_days() -> int:
    return int(getattr(settings, "WORKBENCH_ANOMALY_DAYS", 90))


def search_limit() -> int:
    return int(getattr(settings, "WORKBENCH_SEARCH_LIMIT", 5))
