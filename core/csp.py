"""The Content-Security-Policy every response carries.

The pages run only the product's own static scripts and styles (no inline script, no `on*=` attribute, no
`style=` attribute: tests/test_csp.py scans the templates), so one strict policy fits them all, the admin and the
API docs (Swagger UI served from drf-spectacular-sidecar) included. A response that sets its own policy keeps it:
the version bytes, page images and downloads are sent with `default-src 'none'; sandbox`.
"""

from django.conf import settings
from rest_framework.renderers import BrowsableAPIRenderer

HEADER = "Content-Security-Policy"

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for the SVG icons inside Swagger UI's stylesheet; blob: for previews a script builds
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# DRF's browsable API (a developer's view of /api/v1/ in a browser, from DRF's own templates) lays out its buttons
# with style= attributes and colours its JSON with a <style> block: inline styles there, never inline script.
BROWSABLE_API_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

# Django's own debug pages (DEBUG only) are styled and scripted inline; they keep working while developing.
DEBUG_PAGE_STATUSES = {404, 500}


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and response.status_code in DEBUG_PAGE_STATUSES:
            return response
        browsable = isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)
        response[HEADER] = BROWSABLE_API_POLICY if browsable else POLICY
        return response
