"""A URLconf for the error page tests: the product's routes plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path

from core.errors import Conflict


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404


def conflict(request):
    raise Conflict("该原件已借出（工商银行），归还后才能再借。")


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("boom/403/", forbidden),
    path("boom/404/", missing),
    path("boom/409/", conflict),
    path("boom/500/", broken),
    path("", include("config.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
