"""Error pages in the product's own style; under /api/ the same errors in the API's JSON shape."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _answer(request, status: int, code: str, detail: str):
    if _is_api(request):
        return JsonResponse({"error": code, "detail": detail}, status=status)
    return render(request, "error.html", {"status": status, "detail": detail}, status=status)


def permission_denied(request, exception=None):
    return _answer(request, 403, "forbidden", _("您没有权限访问此页面。"))


def page_not_found(request, exception=None):
    return _answer(request, 404, "not_found", _("页面不存在或已被移除。"))


def server_error(request):
    return _answer(request, 500, "server_error", _("服务器出错了，请稍后重试。"))


def csrf_failure(request, reason=""):
    """Django's own CSRF page is styled inline (which the CSP refuses) and English only: the product's page."""
    return _answer(request, 403, "csrf_failed", _("页面已过期或来源无法确认，请返回上一页刷新后重试。"))
