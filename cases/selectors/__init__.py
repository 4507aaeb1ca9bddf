"""Reads of the cases app (split by page family; everything importable from `cases.selectors`)."""

from cases.selectors.boards import board, due_soon_cases, open_cases_of, overdue_cases, pipeline
from cases.selectors.pages import (
    case_list,
    case_of_move,
    case_or_404,
    dossier_objects,
    dossier_panel,
    step_or_404,
    step_page,
    step_types,
    steps_with_missing,
)
from cases.selectors.registers import (
    collection_plan,
    ledger,
    ledger_rows,
    loan_release_register,
    loan_release_rows,
    month_end,
    parse_month,
)

__all__ = [
    "board",
    "case_list",
    "case_of_move",
    "case_or_404",
    "collection_plan",
    "dossier_objects",
    "dossier_panel",
    "due_soon_cases",
    "ledger",
    "ledger_rows",
    "loan_release_register",
    "loan_release_rows",
    "month_end",
    "open_cases_of",
    "overdue_cases",
    "parse_month",
    "pipeline",
    "step_or_404",
    "step_page",
    "step_types",
    "steps_with_missing",
]
