"""The viewer in a real browser (issue 11, item 7): all pages scroll, images load lazily, zoom, page jump and
keys; the side panel; an overlay layer per page. And long work shows it is working (item 6): stamping disables
its button with a spinner while the server signs."""

import io

import pytest

from tests.e2e.conftest import off_loop, shot
from tests.e2e.test_workbench import office, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PAGES = 40


def _long_contract(staff, dossier):
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import Derivative, DocumentType
    from docstore.services import documents
    from docstore.tasks import process_version

    document = documents.create_document(
        staff["clerk"],
        file=io.BytesIO(make_pdf("借款合同 3-1502", CONTRACT_CLAUSES, pages=PAGES)),
        filename="loan.pdf",
        title="借款合同 3-1502（长）",
        doc_type=DocumentType.objects.get(code="loan_contract"),
        dossier=dossier,
    )
    if not Derivative.objects.filter(version=document.current_version, preview_pages=PAGES).exists():
        process_version.call(document.current_version.pk)
    return document


def test_viewer_scrolls_zooms_jumps_and_loads_lazily(browser, office, people):  # noqa: F811
    document = off_loop(_long_contract, people, office["dossier"])
    page = browser.login("clerk1", width=1366, height=900)
    page.goto(f"/versions/{document.current_version.pk}/view/")
    viewer = page.locator("[data-viewer]")
    assert page.locator(".viewer-sheet").count() == PAGES
    assert page.locator("[data-overlay]").count() == PAGES
    last = page.locator(f"#page-{PAGES} img")
    assert last.get_attribute("loading") == "lazy" and last.evaluate("img => img.naturalWidth") == 0
    status = page.locator("[data-viewer-status]")
    assert status.inner_text() == f"第 1 / {PAGES} 页"

    page.locator("#viewer-pages").focus()
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowDown")
    assert viewer.get_attribute("data-current-page") == "3"
    page.keyboard.press("PageUp")
    assert viewer.get_attribute("data-current-page") == "2"
    page.keyboard.press("End")
    page.wait_for_function(f"() => document.querySelector('#page-{PAGES} img').naturalWidth > 0")
    assert status.inner_text() == f"第 {PAGES} / {PAGES} 页"

    page.get_by_label("页码").fill("17")
    page.get_by_role("button", name="跳转").click()
    page.wait_for_function("() => document.querySelector('[data-viewer]').dataset.currentPage === '17'")
    width = page.locator("#page-17").bounding_box()["width"]
    page.get_by_role("button", name="放大").click()
    assert page.locator("[data-zoom-level]").inner_text() == "125%"
    assert page.locator("#page-17").bounding_box()["width"] > width * 1.2
    page.keyboard.press("-")
    assert page.locator("[data-zoom-level]").inner_text() == "100%"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # An overlay drawn on a page follows the page: what OCR highlights will use.
    page.evaluate("window.viewer.mark(17, {x: .1, y: .2, w: .5, h: .05}, 'hit')")
    mark, sheet = (
        page.locator("#page-17 .page-mark.hit").bounding_box(),
        page.locator("#page-17 img").bounding_box(),
    )
    assert abs(mark["x"] - (sheet["x"] + sheet["width"] * 0.1)) < 2
    side = page.get_by_test_id("viewer-side")
    assert (
        side.get_by_text("锦绣花园 3-1502").is_visible() and side.get_by_text("借款合同").first.is_visible()
    )
    shot(page, "viewer", readme=True, full_page=False)


REPORT_BUSY = """
document.addEventListener("submit", function () {
  window.setTimeout(function () {
    window.reportBusy(Array.prototype.map.call(document.querySelectorAll("button.busy"), function (b) {
      return {text: b.textContent.trim(), disabled: b.disabled, busy: b.getAttribute("aria-busy")};
    }));
  }, 20);
});
"""


def _watch(page) -> list:
    states: list = []
    page.expose_function("reportBusy", lambda state: states.append(state))
    page.evaluate(REPORT_BUSY)
    return states


def test_approving_and_stamping_show_they_are_working(browser, office):  # noqa: F811
    """What the buttons look like right after the click, while the server approves, then stamps and signs."""
    page = browser.login("manager1")
    page.goto(office["request"].get_absolute_url())
    states = _watch(page)
    page.get_by_label("意见或原因").fill("同意")
    with page.expect_navigation():
        page.get_by_role("button", name="批准").click()
    assert states and states[0] == [{"text": "正在批准…", "disabled": True, "busy": "true"}]

    field = browser.login("field1")
    field.goto(office["request"].get_absolute_url())
    states = _watch(field)
    with field.expect_navigation(timeout=60_000):
        field.get_by_role("button", name="电子用印并签名").click()
    assert states and states[0] == [{"text": "正在用印并签名…", "disabled": True, "busy": "true"}]
    assert field.get_by_text("已盖章").first.is_visible() or "stamp" not in field.url
