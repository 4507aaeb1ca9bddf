from django.urls import path
from rest_framework.routers import SimpleRouter

from cases import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("case-templates", api.CaseTemplateViewSet, basename="case-template")
router.register("cases", api.CaseViewSet, basename="case")
router.register("payments", api.PaymentViewSet, basename="payment")
router.register("ledger", api.LedgerViewSet, basename="ledger")

urlpatterns = [
    *router.urls,
    path("registers/loan-releases/", api.LoanReleaseRegisterView.as_view(), name="loan-releases"),
    path("collections/plan", api.CollectionPlanView.as_view(), name="collection-plan"),
]
