"""Issue 11 in a real browser: no dead end (a crawler follows every link and GET form as each role), a seal
request started from the home page with pickers, the manager seeing the seal marks he approves and every
decision waiting for him, corrections with the label preview, and the lists' badges, saved filters and bulk
actions."""

import datetime
import re
from collections import Counter
from urllib.parse import urldefrag, urlparse

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import off_loop, pick, shot
from tests.e2e.test_workbench import _office

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Not pages of the product to crawl: the admin site, the API (its own fuzz test), the language switch.
SKIP = ("/admin/", "/api/", "/i18n/", "/logout/", "/static/")
# Files rather than pages: fetched and their status checked, not opened.
FILES = re.compile(
    r"(\.pdf|\.png|\.zip|\.json|\.csv|\.xlsx|/download/|/export|export=|format=(csv|xlsx))", re.I
)
PER_PATTERN = 2  # visits per URL pattern (ids and values folded)
PER_ROLE = 160


@pytest.fixture
def day(flushable_db, e2e_settings):
    from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER

    people = {
        "clerk": make_user("clerk1", CLERK, display_name="王芳"),
        "field": make_user("field1", FIELD_STAFF, display_name="李军"),
        "manager": make_user("manager1", MANAGER, display_name="张伟"),
        "admin": make_user("admin1", ADMIN, display_name="管理员", is_superuser=True, is_staff=True),
    }
    data = off_loop(_office, people)
    off_loop(_loan_request, people, data["seal"])
    return {**people, **data}


def _loan_request(people, seal):
    from django.utils import timezone

    from seals import services

    services.request_seal_loan(
        people["field"], seal, purpose="送工商银行面签", due_at=timezone.now() + datetime.timedelta(days=1)
    )


def pattern(url: str) -> str:
    parts = urlparse(url)
    keys = sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def targets(page, base: str) -> list[str]:
    """Every link and GET form target on the page, on this server."""
    found = page.evaluate(
        """() => [
          ...Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
          ...Array.from(document.querySelectorAll('form')).filter(f => (f.method || 'get').toLowerCase() === 'get')
              .map(f => f.action || location.href),
        ]"""
    )
    out = []
    for url in found:
        url = urldefrag(url)[0]
        if url.startswith(base) and not any(urlparse(url).path.startswith(s) for s in SKIP):
            out.append(url)
    return out


@pytest.mark.parametrize("role", ["clerk1", "field1", "manager1", "admin1"])
def test_no_dead_end(browser, day, role):
    page = browser.login(role)
    base = browser.base_url
    seen_urls, per_pattern, failures = set(), Counter(), []
    queue = [page.url]
    while queue and len(seen_urls) < PER_ROLE:
        url = queue.pop(0)
        key = pattern(url)
        if url in seen_urls or per_pattern[key] >= PER_PATTERN:
            continue
        seen_urls.add(url)
        per_pattern[key] += 1
        if FILES.search(url):
            status = page.request.get(url).status
            if status >= 400:
                failures.append(f"{status} {url} (file)")
            continue
        try:
            response = page.goto(url)
        except Exception as exc:  # a link that answers with a file rather than a page
            if "Download is starting" not in str(exc):
                raise
            status = page.request.get(url).status
            if status >= 400:
                failures.append(f"{status} {url} (download)")
            continue
        status = response.status if response else 0
        if status >= 400:
            failures.append(f"{status} {url} (from the crawl of {role})")
            continue
        queue.extend(t for t in targets(page, base) if t not in seen_urls)
    assert not failures, "\n".join(failures)
    assert len(seen_urls) > 30, sorted(seen_urls)  # it did crawl the site
    paths = {urlparse(u).path for u in seen_urls}
    if role != "admin1":  # the staff's main button, once a 404, and the pickers' endpoints behind the forms
        assert {"/seals/requests/new/", "/documents/", "/dossiers/"} <= paths


def test_a_seal_request_from_the_home_page_with_pickers(browser, day):
    page = browser.login("field1")
    page.get_by_role("link", name="新建用章申请").first.click()
    page.wait_for_url("**/seals/requests/new/")
    pick(page, "案卷", "5-0803", "锦绣花园 5-0803")
    pick(page, "要盖章的文档", "借款", "借款合同 5-0803")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/seals/requests/new/?version=*")
    assert page.get_by_role("link", name="借款合同 5-0803").is_visible()
    # the seal is chosen by name too, and the placement widget draws it at its size
    pick(page, "印章", "合同", "合同专用章")
    page.get_by_label("用印事由").fill("放款前借款合同用印")
    page.locator("[data-placement] .placement-sheet").first.wait_for()
    page.get_by_role("button", name="提交审批").click()
    page.get_by_text("用章申请已提交，等待经理审批。").wait_for()
    assert "下一步：等待审批，审批人：张伟。" in page.locator("[data-testid=next-steps]").inner_text()
    # and from the request list
    page.goto("/seals/requests/")
    page.get_by_role("link", name="新建用章申请").click()
    page.wait_for_url("**/seals/requests/new/")


def test_the_manager_sees_the_seal_marks_and_every_decision(browser, day):
    page = browser.login("manager1")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name=re.compile("用章申请")).locator(".count").inner_text() == "2"
    assert page.locator("#sec-approval_queue [data-count]").first.inner_text() == "2"
    assert page.locator("[data-testid=loans-to-decide]").get_by_text("送工商银行面签").is_visible()
    page.goto("/seals/requests/?tab=queue")
    item = day["request"].items.get()
    overlay = page.locator(f"[data-testid=overlay-{item.pk}]")
    overlay.locator(".seal-mark").first.wait_for()
    assert overlay.locator(".placement-sheet").count() == 2  # page 2 has the mark; page 1 and 2 the strips
    assert overlay.locator(".seal-mark").count() == 1
    assert overlay.locator(".cross-strip").count() == 2
    mark = overlay.locator(".seal-mark").first
    assert f"/seals/{day['seal'].pk}/image/" in mark.evaluate("e => e.style.backgroundImage")
    assert mark.get_attribute("tabindex") is None  # read-only: nothing to move
    text = overlay.locator(f"[data-testid=placement-text-{item.pk}]").inner_text()
    assert "第 2 页，x 155.0 毫米，y 50.0 毫米：合同专用章 1 次" in text and "骑缝章" in text
    # the mark sits where stamping puts it: its centre at 155 mm of 210 mm across, 50 mm up from the bottom
    sheet = overlay.locator(".placement-sheet").nth(1).bounding_box()
    box = mark.bounding_box()
    assert (box["x"] + box["width"] / 2 - sheet["x"]) / sheet["width"] == pytest.approx(155 / 210, abs=0.02)
    assert (sheet["y"] + sheet["height"] - box["y"] - box["height"] / 2) / sheet["height"] == pytest.approx(
        50 / 297, abs=0.02
    )
    shot(page, "approval-seal-marks", readme=True)
    page.get_by_label("意见或原因").first.fill("同意")
    page.get_by_role("button", name="批准").first.click()
    page.get_by_text("已批准").first.wait_for()
    field = browser.login("field1")
    field.goto(day["request"].get_absolute_url())
    steps = field.locator("[data-testid=next-steps]").inner_text()
    assert "由申请人 李军 或保管人 王芳 在本页操作" in steps


def test_corrections_with_the_label_preview(browser, day):
    from playwright.sync_api import expect

    page = browser.login("clerk1")
    page.goto(day["other"].get_absolute_url())
    page.get_by_role("link", name="更正案卷").click()
    page.wait_for_load_state()
    page.get_by_label("楼栋").fill("8")
    page.get_by_label("房号").fill("8-2101")
    preview = page.locator("[data-testid=label-preview]")
    expect(preview).to_have_text("锦绣花园 8-2101")
    expect(page.locator("[data-label-note]")).to_contain_text("保存时去掉")
    page.get_by_label("房号").fill("5-2101")
    expect(page.locator("[data-label-note]")).to_contain_text("不一致")
    page.get_by_label("房号").fill("8-2101")
    page.get_by_role("button", name="保存更正").click()
    page.get_by_text("已去掉重复的楼栋号，保存为 2101").wait_for()
    assert "8-2101" in page.locator("h1").inner_text()
    # the document: another dossier, chosen by its unit
    page.goto(day["loan"].get_absolute_url())
    page.get_by_role("link", name="更正", exact=True).click()
    page.get_by_label("标题").fill("借款合同 8-2101")
    pick(page, "案卷", "3-1502", "锦绣花园 3-1502")
    page.get_by_role("button", name="保存更正").click()
    page.get_by_text("文档已更正。").wait_for()
    page.goto(f"/dossiers/{day['dossier'].pk}/timeline/")
    assert page.get_by_text("更正文档").first.is_visible()
    # 5-0803 keeps its seal request, so it stays; a mistyped empty dossier is deleted
    page.goto(f"/dossiers/{day['other'].pk}/edit/")
    assert page.get_by_role("button", name="删除此空案卷").is_visible()
    page.goto("/dossiers/new/")
    page.get_by_label("项目").fill("锦绣花园")
    page.get_by_label("楼栋").fill("3")
    page.get_by_label("房号").fill("15022")
    expect(page.locator("[data-testid=label-preview]")).to_have_text("锦绣花园 3-15022")
    page.get_by_role("button", name="创建").click()
    page.get_by_role("link", name="更正案卷").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="删除此空案卷").click()
    page.get_by_text("已删除").wait_for()


def test_lists_badges_saved_filters_and_bulk(browser, day):
    page = browser.login("clerk1")
    page.goto("/documents/")
    row = page.locator("tr", has=page.get_by_role("link", name="借款合同 5-0803", exact=True))
    assert row.locator('[data-badge="seals.pending"]').inner_text() == "待审批"
    assert row.locator('[data-badge="archive.out"]').inner_text() == "借出中"
    filed = page.locator("tr", has=page.get_by_role("link", name=day["trail"].document.title, exact=True))
    assert filed.locator('[data-badge="archive.filed"]').is_visible()
    # "创建人" by her name
    pick(page, "创建人", "王芳", "王芳")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**created_by=clerk1**")
    page.get_by_placeholder("筛选名称").fill("我上传的")
    page.get_by_role("button", name="保存当前筛选").click()
    page.get_by_text("筛选“我上传的”已保存。").wait_for()
    assert page.locator("[data-testid=saved-filters]").get_by_role("link", name="我上传的").is_visible()
    shot(page, "document-list-badges")
    # bulk: change the type of one selected document
    page.get_by_label("选择《借款合同 5-0803》").check()
    page.get_by_label("改为类型").select_option(label="房地产抵押合同")
    page.get_by_role("button", name="更改类型").click()
    page.get_by_text("已把 1 份改为").wait_for()
    page.get_by_label("选择《借款合同 5-0803》").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="打包下载").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.goto("/dossiers/")
    assert page.get_by_text("待审批 1").first.is_visible()
