from archive.models.originals import Movement, Original, PartyType
from archive.models.records import ArchiveRecord, Location, LockedError, RecordCorrection
from archive.models.registers import Filing, Letter
from archive.models.retention import DisposalBatch, DisposalItem, Hold
from archive.models.scheme import Category, Counter, Department, Fonds, RetentionPeriod, TypeDefault

__all__ = [
    "ArchiveRecord",
    "Category",
    "Counter",
    "Department",
    "DisposalBatch",
    "DisposalItem",
    "Filing",
    "Fonds",
    "Hold",
    "Letter",
    "Location",
    "LockedError",
    "Movement",
    "Original",
    "PartyType",
    "RecordCorrection",
    "RetentionPeriod",
    "TypeDefault",
]
