"""Use cases of the seal registry, custody, seal-use requests and stamping: one function each.

Split by subject; everything is importable from `seals.services`.
"""

from seals.services.loans import approve_loan, reject_loan, request_loan, return_loan
from seals.services.registry import change_custodian, change_seal_status, register_seal, set_seal_image
from seals.services.requests import (
    add_item,
    approve,
    close,
    create_request,
    reject,
    remove_item,
    return_for_changes,
    submit,
    update_item,
    update_request,
    withdraw,
)
from seals.services.stamping import record_physical, stamp_item
from seals.services.verification import verify_file

__all__ = [
    "add_item",
    "approve",
    "approve_loan",
    "change_custodian",
    "change_seal_status",
    "close",
    "create_request",
    "record_physical",
    "register_seal",
    "reject",
    "reject_loan",
    "remove_item",
    "request_loan",
    "return_for_changes",
    "return_loan",
    "set_seal_image",
    "stamp_item",
    "submit",
    "update_item",
    "update_request",
    "verify_file",
    "withdraw",
]
