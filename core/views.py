"""Error pages in the product's own style."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def permission_denied(request, exception=None):
    return render(request, "error.html", {"status": 403, "detail": _("您没有权限访问此页面。")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "error.html", {"status": 404, "detail": _("页面不存在或已被移除。")}, status=404)


def server_error(request):
    return render(
        request, "error.html", {"status": 500, "detail": _("服务器出错了，请稍后重试。")}, status=500
    )
