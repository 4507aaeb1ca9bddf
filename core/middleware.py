"""Refuse an oversized request body before Django reads any of it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_SLACK_BYTES = 1024 * 1024  # room for the other form fields next to the file


class UploadSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_BYTES + FORM_SLACK_BYTES:
            detail = _("文件过大：上限为 %(mb)s MB。") % {"mb": settings.MAX_UPLOAD_MB}
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "too_large", "detail": detail}, status=413)
            return render(request, "error.html", {"status": 413, "detail": detail}, status=413)
        return self.get_response(request)
