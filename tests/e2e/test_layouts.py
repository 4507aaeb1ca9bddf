"""Layouts that hold at 1366 and 375 px (issue 11, item 8): every page each role reaches from the home page fits
the viewport's width (no sideways scrolling of the page itself: wide tables scroll inside their box); search
filters carry visible labels; the phone's nav shows every entry; phone tables label each value."""

import re

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_workbench import office, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"desktop": (1366, 900), "phone": (375, 800)}
SKIP = re.compile(
    r"/logout|/api/|/admin/|/static/|/i18n/|download|\.pdf|\.xlsx|\.csv|\.zip|/content|format=|export="
)
LIMIT = 60  # distinct pages (ids folded) per role and width


def _links(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href]", "els => els.map(a => a.getAttribute('href')).filter(h => h.startsWith('/'))"
    )


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _crawl(page, base_url: str) -> tuple[dict[str, int], int]:
    """({page: pixels too wide}, pages seen) for every page reached from the home page."""
    seen, queue, wide = set(), ["/"], {}
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        key = re.sub(r"\d+", "N", url.split("#")[0])
        if key in seen or SKIP.search(url):
            continue
        seen.add(key)
        # Asked first without the page: a dead link (issue 11 item 1, another helper's) or a file is not loaded.
        probe = page.request.get(url, max_redirects=5)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        page.goto(url)
        excess = _overflow(page)
        if excess > 0:
            wide[url] = excess
        queue.extend(_links(page))
    return wide, len(seen)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["clerk1", "field1", "manager1"])
def test_every_page_fits_the_width(browser, office, who, width):  # noqa: F811
    w, h = WIDTHS[width]
    page = browser.login(who, width=w, height=h)
    wide, seen = _crawl(page, browser.base_url)
    assert wide == {}, f"pages wider than {w}px: {wide}"
    assert seen >= 15


def test_phone_nav_tables_and_search_filters(browser, office):  # noqa: F811
    page = browser.login("clerk1", width=375, height=800)
    nav = page.get_by_role("navigation", name="主导航")
    for entry in ("工作台", "案卷", "文档", "用章申请", "印章", "档案", "统计", "消息"):
        link = nav.get_by_role("link", name=entry, exact=False).first
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{entry} is cut off the phone's nav"
    page.goto("/seals/register/")
    cell = page.locator("[data-testid=register] tbody tr").first.locator("td").nth(4)
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "用印事由" in label
    shot(page, "phone-register")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/search/?q=3-1502")
    for name in ("类型", "创建人", "起始日期", "排序"):
        assert page.get_by_label(name, exact=True).is_visible()
    assert _overflow(page) <= 0
    page.goto("/seals/register/")
    heading = page.locator(".heading").first.bounding_box()
    export = page.get_by_role("link", name="导出 Excel").bounding_box()
    assert export["x"] + export["width"] > heading["x"] + heading["width"] - 260, (
        "the export buttons sit at the right"
    )
