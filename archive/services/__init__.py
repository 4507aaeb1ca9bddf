"""Archive use cases: one function each, one transaction, permission checked, audited."""

from archive.services.originals import (
    check_out_original,
    hand_over_original,
    move_original_home,
    register_original,
    renew_original_loan,
    return_original,
)
from archive.services.records import (
    correct_record,
    create_location,
    file_document,
    place_in_box,
    record_export,
    set_retention_trigger,
)
from archive.services.registers import (
    accept_filing,
    close_letter,
    register_letter,
    reject_filing,
    return_filing,
    submit_filing,
)
from archive.services.retention import (
    approve_disposal,
    place_hold,
    propose_disposal,
    reject_disposal,
    release_hold,
)

__all__ = [
    "accept_filing",
    "approve_disposal",
    "check_out_original",
    "close_letter",
    "correct_record",
    "create_location",
    "file_document",
    "hand_over_original",
    "move_original_home",
    "place_hold",
    "place_in_box",
    "propose_disposal",
    "record_export",
    "register_letter",
    "register_original",
    "reject_disposal",
    "reject_filing",
    "release_hold",
    "renew_original_loan",
    "return_filing",
    "return_original",
    "set_retention_trigger",
    "submit_filing",
]
