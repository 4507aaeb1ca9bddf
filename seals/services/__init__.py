"""Use cases of the seal registry, custody, seal-use requests and stamping: one function each.

Split by subject; everything is importable from `seals.services`.
"""

from seals.services.approvals import approve_request, reject_request, return_request, revoke_request
from seals.services.bulk import record_all, stamp_all
from seals.services.evidence import accept_evidence, add_evidence, compare_evidence
from seals.services.loans import approve_seal_loan, reject_seal_loan, request_seal_loan, return_seal
from seals.services.registry import change_custodian, change_seal_status, register_seal, set_seal_image
from seals.services.requests import (
    add_item,
    close_request,
    create_request,
    remove_item,
    submit_request,
    update_item,
    update_request,
    withdraw_request,
)
from seals.services.rules import create_rule, delete_rule, set_away, update_rule
from seals.services.stamping import record_impressions, stamp_item
from seals.services.verification import verify_file

__all__ = [
    "accept_evidence",
    "add_evidence",
    "compare_evidence",
    "add_item",
    "approve_request",
    "approve_seal_loan",
    "change_custodian",
    "change_seal_status",
    "close_request",
    "create_request",
    "create_rule",
    "delete_rule",
    "record_all",
    "record_impressions",
    "register_seal",
    "reject_request",
    "reject_seal_loan",
    "remove_item",
    "request_seal_loan",
    "return_request",
    "return_seal",
    "revoke_request",
    "set_away",
    "set_seal_image",
    "stamp_all",
    "stamp_item",
    "submit_request",
    "update_item",
    "update_request",
    "update_rule",
    "verify_file",
    "withdraw_request",
]
