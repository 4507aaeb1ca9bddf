"""Issue 9.10: a Content-Security-Policy that the pages keep working under.

Every template is free of inline script (script blocks, `on*=` attributes, `javascript:` URLs) and inline style,
the rendered pages too (the charts' SVG is built in Python), and every response carries the strict policy: the
pages, the API, the API docs (Swagger UI served from drf-spectacular-sidecar, its start-up script from a URL);
DRF's browsable API may style inline, never script. Downloads keep their own sandboxing policy. The browser tests (tests/e2e) fail on any CSP violation.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.utils import get_app_template_dirs
from django.urls import reverse

from core.csp import POLICY
from tests.workbench.builders import build_trail, make_active_seal

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
JSON_TYPE = re.compile(r"""\btype\s*=\s*["']application/(ld\+)?json["']""", re.I)
EVENT_ATTR = re.compile(r"""(?<![\w.:-])(on[a-z]+)\s*=\s*["'{]""", re.I)
STYLE_ATTR = re.compile(r"""(?<![\w.:-])style\s*=\s*["'{]""", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"javascript\s*:", re.I)
JS_URL_IN_ATTR = re.compile(r"""\b(href|src|action|formaction)\s*=\s*["']?\s*javascript\s*:""", re.I)


def inline_code(text: str, *, rendered: bool = False) -> list[str]:
    """What a strict CSP would refuse. In a rendered page a JSON data block (`json_script`) is allowed, and
    `javascript:` counts only in a URL attribute (a title may say it); in a template neither is."""
    found = []
    for attrs, body in SCRIPT_BLOCK.findall(text):
        if body.strip() and not (rendered and JSON_TYPE.search(attrs)):
            found.append(f"inline <script>: {body.strip()[:60]!r}")
    found += [f"event attribute {m.group(1)}=" for m in EVENT_ATTR.finditer(text)]
    found += ["style= attribute" for _ in STYLE_ATTR.finditer(text)]
    found += ["<style> block" for _ in STYLE_BLOCK.finditer(text)]
    found += ["javascript: URL" for _ in (JS_URL_IN_ATTR if rendered else JS_URL).finditer(text)]
    return found


def project_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    # the project's own apps only: a virtualenv inside the checkout holds Django's and DRF's templates
    dirs += [
        Path(d)
        for d in get_app_template_dirs("templates")
        if Path(d).is_relative_to(root) and "site-packages" not in Path(d).parts
    ]
    return sorted(p for d in dirs for p in d.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".svg"})


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in (part.strip() for part in header.split(";")) if d}


# ---- the scanner itself ----


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<script type="module">\n import x from "/y.js";\n</script>',
        '<select onchange="this.form.submit()">',
        "<body ONLOAD='go()'>",
        '<a href="javascript:void(0)">',
        '<div style="display:none">',
        "<style>p { color: red }</style>",
    ],
)
def test_the_scanner_finds_inline_code(markup):
    assert inline_code(markup), markup


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/static/js/app.js" defer></script>',
        '<select data-autosubmit data-onchange-hint="x" name="language">',
        '<a href="/documents/1/" class="button">Online</a>',
        '<rect fill="#2563eb" data-series="按揭"/>',
    ],
)
def test_the_scanner_lets_external_code_and_data_attributes_pass(markup):
    assert inline_code(markup) == []


def test_a_json_data_block_passes_only_in_a_rendered_page():
    block = '<script id="pages" type="application/json">{"page": 1}</script>'
    assert inline_code(block, rendered=True) == []
    assert inline_code(block) != []


# ---- the templates ----


def test_templates_are_found():
    names = {p.name for p in project_templates()}
    assert {"base.html", "api_docs.html", "placement_widget.html"} <= names


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_or_style(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


# ---- the header ----


def test_the_policy_is_the_strict_one():
    assert {d.split()[0]: " ".join(d.split()[1:]) for d in POLICY.split("; ")} == STRICT
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY


@pytest.mark.django_db
def test_a_page_carries_the_policy(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert policy(response) == STRICT
    assert inline_code(response.content.decode(), rendered=True) == []


@pytest.mark.django_db
def test_an_error_page_and_an_api_response_carry_the_policy(client, clerk, api):
    assert policy(client.get("/no-such-page/")) == STRICT
    response = api(clerk).get(reverse("api:dossier-list"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert policy(response) == STRICT
    assert policy(api().get(reverse("api:dossier-list"))) == STRICT  # the 401 too


@pytest.mark.django_db
def test_a_refused_csrf_token_gets_the_products_page_under_the_policy(clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert policy(response) == STRICT
    html = response.content.decode()
    assert "页面已过期或来源无法确认" in html and inline_code(html, rendered=True) == []


@pytest.mark.django_db
def test_the_browsable_api_may_style_inline_but_never_script(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("api:dossier-list"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert policy(response) == {**STRICT, "style-src": "'self' 'unsafe-inline'"}
    assert SCRIPT_BLOCK.search(response.content.decode())  # DRF's page, with its JSON data block only
    assert [f for f in inline_code(response.content.decode(), rendered=True) if "style" not in f] == []


@pytest.mark.django_db
def test_the_api_docs_are_self_hosted_and_run_no_inline_script(client, clerk):
    client.force_login(clerk)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert policy(response) == STRICT
    html = response.content.decode()
    assert inline_code(html, rendered=True) == []
    sources = re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)\"""", html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in sources
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources  # no CDN
    start = next(s for s in sources if "script" in s)
    script = client.get(start)
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode() and '"/api/schema/"' in script.content.decode()


@pytest.mark.django_db
def test_the_sidecar_files_are_served(client):
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    assert finders.find("css/api_docs.css")


@pytest.mark.django_db
def test_a_download_keeps_its_own_sandboxing_policy(web, clerk, document):
    version = document.current_version
    for url in (
        reverse("docstore:version-download", args=[version.pk]),
        reverse("docstore:version-page-image", args=[version.pk, 1]),
    ):
        response = web(clerk).get(url)  # tasks run inline in the tests: the page image is rendered
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox", url


@pytest.mark.django_db
def test_debug_pages_of_django_keep_their_inline_styles_while_developing(settings, client):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/no-such-page/")
    settings.DEBUG = False
    assert "Content-Security-Policy" in client.get("/no-such-page/")


# ---- the rendered pages ----


@pytest.fixture
def trail(clerk, field, manager, dossier, document):
    return build_trail(clerk, field, manager, dossier, document, make_active_seal(manager, clerk))


@pytest.mark.django_db
def test_the_pages_render_no_inline_script_or_style(web, clerk, field, manager, trail):
    version = trail.document.current_version
    pages = {
        clerk: [
            reverse("workbench:home"),
            reverse("workbench:charts"),
            reverse("workbench:search") + "?q=1502",
            reverse("docstore:dossier-list"),
            trail.dossier.get_absolute_url(),
            reverse("docstore:document-list"),
            trail.document.get_absolute_url(),
            reverse("docstore:version-viewer", args=[version.pk]),
            reverse("docstore:document-create"),
            reverse("archive:index"),
            reverse("archive:letters"),
            reverse("seals:list"),
            reverse("seals:register"),
        ],
        field: [
            reverse("workbench:home"),
            reverse("seals:request-create") + f"?version={version.pk}",
            trail.request.get_absolute_url(),
        ],
        manager: [reverse("workbench:home"), reverse("seals:request-list"), reverse("seals:loan-list")],
    }
    for user, urls in pages.items():
        client = web(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert policy(response) == STRICT, url
            assert inline_code(response.content.decode(), rendered=True) == [], url
