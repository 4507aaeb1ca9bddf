"""/api/v1/: each app contributes its own routes."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("docstore.api_urls")),
    path("", include("seals.api_urls")),
    path("", include("archive.api_urls")),
    path("", include("cases.api_urls")),
    path("", include("notifications.api_urls")),
]
