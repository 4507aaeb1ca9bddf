"""Archive use cases: one function each, one transaction, permission checked, audited."""

from archive.services.originals import (
    check_out,
    hand_over,
    move_home,
    register_original,
    renew,
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
    "check_out",
    "close_letter",
    "correct_record",
    "create_location",
    "file_document",
    "hand_over",
    "move_home",
    "place_hold",
    "place_in_box",
    "propose_disposal",
    "record_export",
    "register_letter",
    "register_original",
    "reject_disposal",
    "reject_filing",
    "release_hold",
    "renew",
    "return_filing",
    "return_original",
    "set_retention_trigger",
    "submit_filing",
]
