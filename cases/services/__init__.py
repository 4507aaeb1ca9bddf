"""The use cases of cases: one function each, one transaction, permission checked, one audit event.

Split by subject; everything is importable from `cases.services`.
"""

from cases.services.applications import submit_application
from cases.services.cases import cancel_case, move_case, open_case
from cases.services.ledger import record_payment, reverse_payment, save_sale
from cases.services.steps import advance_step, complete_step, request_seal, skip_step
from cases.services.templates import create_template, update_template

__all__ = [
    "advance_step",
    "cancel_case",
    "complete_step",
    "create_template",
    "move_case",
    "open_case",
    "record_payment",
    "request_seal",
    "reverse_payment",
    "save_sale",
    "skip_step",
    "submit_application",
    "update_template",
]
