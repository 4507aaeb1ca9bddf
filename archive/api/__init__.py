from archive.api.originals import MovementViewSet, OriginalViewSet
from archive.api.records import ArchiveRecordViewSet, LocationViewSet
from archive.api.registers import DisposalViewSet, FilingViewSet, HoldViewSet, LetterViewSet

__all__ = [
    "ArchiveRecordViewSet",
    "DisposalViewSet",
    "FilingViewSet",
    "HoldViewSet",
    "LetterViewSet",
    "LocationViewSet",
    "MovementViewSet",
    "OriginalViewSet",
]
