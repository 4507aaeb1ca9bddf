from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission


class SchemaAccess(BasePermission):
    """The schema maps the whole API: open while developing (DEBUG), for logged-in users otherwise.
    Decided per request, so that the setting is read when it is served, not when the URLs load."""

    def has_permission(self, request, view):
        return settings.DEBUG or bool(request.user and request.user.is_authenticated)


class ApiDocsView(SpectacularSwaggerSplitView):
    """The docs are an HTML page: an anonymous browser is sent to the login page, not given a bare 401. The split
    view serves Swagger UI's start-up script from this URL (?script) instead of inline, for the CSP (core.csp)."""

    permission_classes = [SchemaAccess]
    template_name = "api_docs.html"

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[SchemaAccess]), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("config.api_urls")),
    path("", include("workbench.urls")),  # the role home page is "/" (name 'home'), matched first
    path("", include("accounts.urls")),
    path("", include("docstore.urls")),
    path("seals/", include("seals.urls")),
    path("archive/", include("archive.urls")),
    path("cases/", include("cases.urls")),
    path("notifications/", include("notifications.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
