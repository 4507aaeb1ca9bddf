"""Every state table's walk (tests/test_state_tables.py runs them), one module per app."""

from tests.state_walks.archive import DisposalWalk, FilingWalk, LetterWalk, OriginalWalk, RecordWalk
from tests.state_walks.base import MACHINES, Walk
from tests.state_walks.cases import CaseWalk, StepWalk
from tests.state_walks.seals import EvidenceWalk, LoanWalk, RequestWalk, SealWalk

WALKS = {
    walk.name: walk
    for walk in (
        SealWalk,
        LoanWalk,
        RequestWalk,
        OriginalWalk,
        RecordWalk,
        FilingWalk,
        DisposalWalk,
        LetterWalk,
        EvidenceWalk,
        CaseWalk,
        StepWalk,
    )
}

__all__ = ["MACHINES", "WALKS", "DisposalWalk", "RequestWalk", "Walk"]
