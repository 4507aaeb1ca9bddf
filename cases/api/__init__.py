from cases.api.cases import CaseTemplateViewSet, CaseViewSet
from cases.api.ledger import CollectionPlanView, LedgerViewSet, LoanReleaseRegisterView, PaymentViewSet

__all__ = [
    "CaseTemplateViewSet",
    "CaseViewSet",
    "CollectionPlanView",
    "LedgerViewSet",
    "LoanReleaseRegisterView",
    "PaymentViewSet",
]
