"""Workbench settings: each `getattr(settings, NAME, env default)`, so settings.py need not change.

Filings not returned are listed after the archive's ARCHIVE_FILING_NOT_RETURNED_DAYS (archive/conf.py).
"""

from config.env import env_int
from config.env import setting as _get


def letter_due_days_ahead() -> int:
    return int(_get("WORKBENCH_LETTER_DUE_DAYS", env_int("WORKBENCH_LETTER_DUE_DAYS", 7)))


def anomaly_days() -> int:
    return int(_get("WORKBENCH_ANOMALY_DAYS", env_int("WORKBENCH_ANOMALY_DAYS", 90)))


def search_limit() -> int:
    return int(_get("WORKBENCH_SEARCH_LIMIT", env_int("WORKBENCH_SEARCH_LIMIT", 5)))
