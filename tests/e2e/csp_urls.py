"""A page that breaks the Content-Security-Policy on purpose, beside the product's routes: the browser tests must
notice (tests/e2e/test_csp.py)."""

from django.http import HttpResponse
from django.urls import include, path

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>CSP</title></head><body>
<p id="out">untouched</p>
<script>document.getElementById("out").textContent = "inline script ran";</script>
<p style="color: red">inline style</p>
</body></html>"""

# With a policy of its own that allows any image, the page asks a CDN: the harness refuses every request that
# leaves the test server.
OFFSITE = """<!doctype html><html><head><meta charset="utf-8"><title>CDN</title></head><body>
<img alt="" src="https://cdn.example.invalid/pixel.png"></body></html>"""


def broken_page(request):
    return HttpResponse(PAGE)


def offsite_page(request):
    response = HttpResponse(OFFSITE)
    response["Content-Security-Policy"] = "img-src *"
    return response


urlpatterns = [
    path("e2e/csp/", broken_page),
    path("e2e/offsite/", offsite_page),
    path("", include("config.urls")),
]
