from django.urls import re_path
from rest_framework.routers import SimpleRouter

from seals import api, api_evidence, api_routing

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("seals", api.SealViewSet, basename="seal")
router.register("seal-requests", api.SealRequestViewSet, basename="seal-request")
router.register("seal-register", api.RegisterViewSet, basename="seal-register")
router.register("seal-loans", api.LoanViewSet, basename="seal-loan")
router.register("approval-rules", api_routing.ApprovalRuleViewSet, basename="approval-rule")

urlpatterns = [
    re_path(r"^verify/?$", api.VerifyView.as_view(), name="seal-verify"),
    re_path(
        r"^seal-requests/(?P<pk>\d{1,18})/items/(?P<item_id>\d{1,18})/evidence/?$",
        api_evidence.ItemEvidenceView.as_view(),
        name="seal-item-evidence",
    ),
    re_path(
        r"^seal-evidence/(?P<pk>\d{1,18})/accept/?$",
        api_evidence.EvidenceAcceptView.as_view(),
        name="seal-evidence-accept",
    ),
    *router.urls,
]
