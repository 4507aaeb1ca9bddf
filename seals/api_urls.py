from django.urls import re_path
from rest_framework.routers import SimpleRouter

from seals import api, api_routing

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("seals", api.SealViewSet, basename="seal")
router.register("seal-requests", api.SealRequestViewSet, basename="seal-request")
router.register("seal-register", api.RegisterViewSet, basename="seal-register")
router.register("seal-loans", api.LoanViewSet, basename="seal-loan")
router.register("approval-rules", api_routing.ApprovalRuleViewSet, basename="approval-rule")

urlpatterns = [
    re_path(r"^verify/?$", api.VerifyView.as_view(), name="seal-verify"),
    *router.urls,
]
