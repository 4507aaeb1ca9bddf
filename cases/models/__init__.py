from cases.models.cases import Case, CaseMove, Step
from cases.models.ledger import ImmutableError, Payment, PaymentMethod, Sale
from cases.models.templates import (
    DECISION_EFFECTS,
    CaseKind,
    CaseTemplate,
    Milestone,
    OwnerRole,
    StepEffect,
    StepSpec,
    StepTemplate,
)

__all__ = [
    "DECISION_EFFECTS",
    "Case",
    "CaseKind",
    "CaseMove",
    "CaseTemplate",
    "ImmutableError",
    "Milestone",
    "OwnerRole",
    "Payment",
    "PaymentMethod",
    "Sale",
    "Step",
    "StepEffect",
    "StepSpec",
    "StepTemplate",
]
