from django.urls import re_path
from rest_framework.routers import SimpleRouter

from seals import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("seals", api.SealViewSet, basename="api-seal")
router.register("seal-requests", api.SealRequestViewSet, basename="api-seal-request")
router.register("seal-register", api.RegisterViewSet, basename="api-seal-register")
router.register("seal-loans", api.LoanViewSet, basename="api-seal-loan")

urlpatterns = [
    re_path(r"^verify/?$", api.VerifyView.as_view(), name="api-seal-verify"),
    *router.urls,
]
