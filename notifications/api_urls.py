from django.urls import re_path
from rest_framework.routers import SimpleRouter

from notifications import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("notifications", api.MessageViewSet, basename="notification")

urlpatterns = [
    re_path(r"^preferences/?$", api.PreferenceView.as_view(), name="preferences"),
    *router.urls,
]
