"""Cases settings: each `getattr(settings, NAME, env default)`, so settings.py need not change."""

from config.env import env_int
from config.env import setting as _get


def board_column_limit() -> int:
    """Cases shown per step on the field staff's board (the rest behind "show all")."""
    return int(_get("CASES_BOARD_COLUMN_LIMIT", env_int("CASES_BOARD_COLUMN_LIMIT", 20)))


def pipeline_days() -> int:
    """The pipeline's average days per step counts the steps done in the last N days."""
    return int(_get("CASES_PIPELINE_DAYS", env_int("CASES_PIPELINE_DAYS", 90)))


def overdue_list_limit() -> int:
    return int(_get("CASES_OVERDUE_LIST_LIMIT", env_int("CASES_OVERDUE_LIST_LIMIT", 20)))


def due_soon_days() -> int:
    """Steps due within N days are listed as due soon on the home page."""
    return int(_get("CASES_DUE_SOON_DAYS", env_int("CASES_DUE_SOON_DAYS", 2)))
