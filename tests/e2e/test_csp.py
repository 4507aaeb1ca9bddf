"""Issue 9.10 in a real browser: the pages run under the Content-Security-Policy with no violation (the browser
fixture fails every test on one), the harness does notice a violation, and the API docs (Swagger UI from
drf-spectacular-sidecar) render and call the API with no request leaving the server; the admin and DRF's browsable
API run without a violation too."""

import io

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import PASSWORD, off_loop, shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def clerk(flushable_db):
    from accounts.roles import CLERK

    return make_user("clerk1", CLERK, display_name="王芳")


def reported(browser, page, *needles):
    """Wait (bounded) until the browser has reported every needle: violation events arrive asynchronously."""
    for _ in range(100):
        caught = "\n".join(browser.errors)
        if all(needle in caught for needle in needles):
            return caught
        page.wait_for_timeout(50)
    raise AssertionError(f"not reported: {needles}; reported: {caught}")


def test_a_violation_and_an_offsite_request_are_caught(browser, clerk, settings):
    settings.ROOT_URLCONF = "tests.e2e.csp_urls"
    page = browser.new_page()
    page.goto("/e2e/csp/")
    reported(browser, page, "CSP: script-src-elem blocked inline", "CSP: style-src-attr blocked inline")
    assert page.locator("#out").text_content() == "untouched"  # the inline script did not run
    browser.errors.clear()  # provoked on purpose; every other test fails on any of these
    page.goto("/e2e/offsite/")
    reported(browser, page, "request off the test server: https://cdn.example.invalid/pixel.png")
    browser.errors.clear()


def test_the_api_docs_render_offline_and_try_a_call(browser, clerk):
    page = browser.login("clerk1")
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").filter(has_text="Paper trail API").wait_for()
    operation = page.locator(".opblock-get").filter(has_text="/api/v1/dossiers/").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.text_content().strip() == "200"
    shot(page, "api-docs", full_page=False)


def test_the_language_switch_submits_without_an_inline_handler(browser, clerk):
    page = browser.login("clerk1")
    assert page.get_by_role("link", name="案卷").first.is_visible()
    page.get_by_label("语言").select_option("en")
    page.locator("html[lang=en]").wait_for(state="attached")
    assert page.get_by_role("link", name="Dossier", exact=True).is_visible()


def _trail_and_superuser(clerk):
    from django.contrib.auth import get_user_model

    from accounts.roles import FIELD_STAFF, MANAGER
    from demo.content import make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents, dossiers
    from tests.workbench.builders import build_trail, make_active_seal

    dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="1502",
                                      customers=[{"name": "陈明", "id_number": "110101198003071234"}])  # fmt: skip
    contract = documents.create_document(clerk, file=io.BytesIO(make_pdf("商品房买卖合同", ["买受人：陈明"], pages=2)),
                                         filename="contract.pdf", title="商品房买卖合同 3-1502", dossier=dossier,
                                         doc_type=DocumentType.objects.get(code="sales_contract"))  # fmt: skip
    manager = make_user("manager1", MANAGER)
    build_trail(
        clerk, make_user("field1", FIELD_STAFF), manager, dossier, contract, make_active_seal(manager, clerk)
    )
    return get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)


def _admin_pages(superuser):
    """Every registered model's list, and its add form where the admin may add rows."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import reverse

    request = RequestFactory().get("/admin/")
    request.user = superuser
    urls = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
    return urls


def test_the_admin_and_the_browsable_api_run_without_a_violation(browser, clerk):
    superuser = off_loop(_trail_and_superuser, clerk)
    page = browser.new_page()
    page.goto("/admin/login/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    for url in off_loop(_admin_pages, superuser):
        assert page.goto(url).status == 200, url
    page = browser.login("clerk1")
    response = page.goto(
        "/api/v1/dossiers/"
    )  # DRF's browsable API: inline styles allowed there, script never
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.get_by_role("heading", name="Dossier List").wait_for()
