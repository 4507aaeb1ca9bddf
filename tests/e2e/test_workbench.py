"""The workbench in a real browser: the three home pages, the dossier timeline (screenshots for the README),
search from the header, the seal placement widget, confirmations, keyboard use, a phone-sized screen."""

import datetime
import io
import json

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import off_loop, shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(flushable_db):
    from accounts.roles import CLERK, FIELD_STAFF, MANAGER

    return {
        "clerk": make_user("clerk1", CLERK, display_name="王芳"),
        "field": make_user("field1", FIELD_STAFF, display_name="李军"),
        "manager": make_user("manager1", MANAGER, display_name="张伟"),
    }


@pytest.fixture
def office(people, e2e_settings):
    return off_loop(_office, people)


def _office(people):
    """A morning in the department: one unit's whole trail, a request waiting for the manager, an original
    overdue at the bank, a letter whose reply is due, a forced check-in."""
    from archive import services as archive
    from archive.models import Movement
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents, dossiers, edit_locks
    from seals import services as seals
    from tests.workbench.builders import build_trail, make_active_seal

    clerk, field, manager = people["clerk"], people["field"], people["manager"]
    dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="1502",
                                      customers=[{"name": "陈明", "id_number": "110101198003071234"}])  # fmt: skip
    sales = DocumentType.objects.get(code="sales_contract")
    contract = documents.create_document(clerk, file=io.BytesIO(make_pdf("商品房买卖合同 3-1502",
                                        ["买受人：陈明", *CONTRACT_CLAUSES], pages=3)), filename="contract.pdf",
                                        title="商品房买卖合同 3-1502", doc_type=sales, dossier=dossier)  # fmt: skip
    seal = make_active_seal(manager, clerk)
    trail = build_trail(clerk, field, manager, dossier, contract, seal)
    other = dossiers.create_dossier(clerk, project="锦绣花园", building="5", unit="0803",
                                    customers=[{"name": "刘洋", "id_number": ""}])  # fmt: skip
    loan = documents.create_document(clerk, file=io.BytesIO(make_pdf("借款合同 5-0803", CONTRACT_CLAUSES, pages=2)),
                                    filename="loan.pdf", title="借款合同 5-0803",
                                    doc_type=DocumentType.objects.get(code="loan_contract"), dossier=other)  # fmt: skip
    req = seals.create_request(field, purpose="按揭贷款借款合同用印", recipient="bank", dossier=other, items=[
        {"version": loan.current_version, "seal": seal, "impressions": 2, "mode": "electronic", "cross_page": True,
         "placements": [{"page": 2, "x": 155, "y": 50}]}])  # fmt: skip
    seals.submit_request(field, req)
    original = archive.register_original(clerk, loan, kind="bank")
    archive.check_out_original(
        clerk, original, party_type="colleague", holder=field, purpose="送工商银行面签"
    )
    Movement.objects.filter(original=original, closed_at__isnull=True).update(
        due_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    edit_locks.lock_for_edit(field, loan)
    edit_locks.force_unlock(manager, loan, reason="外勤在银行，经理代为签入")
    return {"dossier": dossier, "other": other, "trail": trail, "loan": loan, "request": req, "seal": seal}


def test_the_three_home_pages(browser, office):
    page = browser.login("clerk1")
    assert page.url.endswith("/")
    for heading in ("待归档的文档", "借出逾期的原件", "备案未退回", "待回复的联络函", "今日登记"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.locator("#sec-letters_due").get_by_text(office["trail"].letter.number).is_visible()
    assert page.locator("#sec-originals_overdue").get_by_text("借款合同 5-0803").is_visible()
    shot(page, "home-clerk", readme=True)

    page = browser.login("field1")
    assert page.get_by_role("heading", name="我的用章申请").is_visible()
    assert page.locator("#sec-my_requests").get_by_text("待审批 1").is_visible()
    assert page.locator("#sec-my_originals").get_by_text("已逾期").is_visible()
    shot(page, "home-field", readme=True)

    page = browser.login("manager1")
    queue = page.locator("#sec-approval_queue")
    assert queue.locator("[data-count]").first.inner_text() == "1"
    assert queue.get_by_text("按揭贷款借款合同用印").is_visible()
    assert page.locator("#sec-anomalies").get_by_text("逾期未还的原件").is_visible()
    assert page.locator("#sec-month_seal_use").get_by_text("合同专用章").is_visible()
    shot(page, "home-manager", readme=True)
    # each item links to where it is handled
    page.locator("#sec-anomalies").get_by_role("link", name="借款合同 5-0803").first.click()
    page.wait_for_load_state()
    assert "借款合同 5-0803" in page.content()


def test_dossier_timeline_filter_and_print(browser, office):
    page = browser.login("clerk1")
    page.goto(f"/dossiers/{office['dossier'].pk}/timeline/")
    items = page.locator(".tl-item")
    labels = items.locator(".badge.kind").all_inner_texts()
    for step in (
        "建立案卷",
        "批准用章",
        "电子盖章",
        "归档",
        "原件借出",
        "原件归还",
        "提交备案",
        "登记联络函",
    ):
        assert step in labels
    shot(page, "dossier-timeline", readme=True)
    page.get_by_label("原件流转").check()
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**kind=original**")
    assert set(page.locator(".tl-item").evaluate_all("els => els.map(e => e.dataset.kind)")) == {"original"}
    page.emulate_media(media="print")
    assert not page.locator(".timeline-filter").is_visible()
    assert not page.locator(".topbar").is_visible()
    assert page.locator(".print-only").is_visible()
    shot(page, "dossier-timeline-print")


def test_search_from_the_header(browser, office):
    from docstore.search import index_document

    off_loop(index_document, office["trail"].document)
    page = browser.login("clerk1")
    box = page.get_by_role("searchbox", name="搜索")
    box.fill("3-1502")
    results = page.locator("#header-results")
    results.get_by_role("option", name="锦绣花园 3-1502 陈明").wait_for()
    assert results.locator(".instant-label").all_inner_texts()[:2] == ["案卷", "文档"]
    shot(page, "search-instant", full_page=False)
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('instant-item')")
    box.focus()
    box.press("Enter")
    page.wait_for_url("**/find/?q=3-1502")
    assert page.locator("#group-dossiers").is_visible()
    page.get_by_role("searchbox", name="搜索").first.fill(office["trail"].letter.number)
    page.locator("#header-results").get_by_text(office["trail"].letter.number).first.wait_for()


def test_seal_placement_widget(browser, office):
    loan = office["loan"]
    page = browser.login("field1")
    page.goto(f"/seals/versions/{loan.current_version_id}/placement/?seal={office['seal'].pk}")
    sheets = page.locator(".placement-sheet")
    sheets.nth(1).wait_for()
    assert sheets.count() == 2
    # click the middle of page 1: centre of an A4 page as seen
    sheets.nth(0).scroll_into_view_if_needed()
    box = sheets.nth(0).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    placed = json.loads(page.locator("#id_placements").input_value())
    assert len(placed) == 1 and placed[0]["page"] == 1
    # one screen pixel is about 0.9 mm on this preview
    assert placed[0]["x"] == pytest.approx(105, abs=1.5) and placed[0]["y"] == pytest.approx(148.5, abs=1.5)
    # drawn with the seal's own image, at the seal's size
    mark = sheets.nth(0).locator(".seal-mark")
    assert f"/seals/{office['seal'].pk}/image/" in mark.evaluate("e => e.style.backgroundImage")
    page.wait_for_function(
        "url => performance.getEntriesByType('resource').some(r => r.name.endsWith(url))",
        arg=f"/seals/{office['seal'].pk}/image/",
    )
    # drag it 20 % to the right and 10 % down
    start = mark.bounding_box()
    cx, cy = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + box["width"] * 0.2, cy + box["height"] * 0.1, steps=5)
    page.mouse.up()
    moved = json.loads(page.locator("#id_placements").input_value())[0]
    assert moved["page"] == 1
    assert moved["x"] == pytest.approx(placed[0]["x"] + 42, abs=1.5)  # 20 % of 210 mm
    assert moved["y"] == pytest.approx(placed[0]["y"] - 29.7, abs=1.5)  # 10 % of 297 mm, downwards
    # keyboard: focus the mark, nudge it, remove it
    sheets.nth(0).locator(".seal-mark").focus()
    page.keyboard.press("ArrowUp")
    assert abs(json.loads(page.locator("#id_placements").input_value())[0]["y"] - (moved["y"] + 1)) < 0.11
    page.keyboard.press("Delete")
    assert json.loads(page.locator("#id_placements").input_value()) == []
    # presets
    page.get_by_role("button", name="最后一页右下角").click()
    assert json.loads(page.locator("#id_placements").input_value()) == [{"page": 2, "x": 155, "y": 50}]
    page.get_by_role("button", name="每一页").click()
    assert json.loads(page.locator("#id_placements").input_value()) == [
        {"page": 1, "x": 155, "y": 50},
        {"page": 2, "x": 155, "y": 50},
    ]
    # the cross-page seal, shown split over the right edges
    page.get_by_label("骑缝章").check()
    strips = page.locator(".cross-strip")
    assert strips.count() == 2
    assert page.locator("#id_impressions").input_value() == "3"
    assert "另加骑缝章 1 处" in page.locator(".placement-status").inner_text()
    offsets = page.locator(".cross-seal").evaluate_all("els => els.map(e => e.style.left)")
    assert offsets == ["0%", "-100%"]
    shot(page, "seal-placement")
    page.get_by_role("button", name="确定").click()
    result = json.loads(page.locator("#placement-json").inner_text())
    assert result == [{"page": 1, "x": 155, "y": 50}, {"page": 2, "x": 155, "y": 50}]
    # exactly what the seals service accepts for that version
    from seals.services.requests import clean_placements

    assert clean_placements(loan.current_version, result, office["seal"]) == [
        {"page": 1, "x": 155.0, "y": 50.0},
        {"page": 2, "x": 155.0, "y": 50.0},
    ]


def test_charts_and_error_pages(browser, office):
    page = browser.login("manager1")
    page.goto("/charts/")
    for name in ("每月用印次数（按印章）", "每月归档件数", "借出中的原件（按对象类型）"):
        assert page.get_by_role("img", name=name).is_visible()
    shot(page, "charts")
    browser.expected.append("/no/such/page/")  # the 404 itself is logged by Chromium
    response = page.goto("/no/such/page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="找不到页面").is_visible()
    shot(page, "error-404")
    page.get_by_role("link", name="返回工作台").click()
    page.wait_for_url("**/")


def test_keyboard_skip_link_and_focus(browser, office):
    page = browser.login("clerk1")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到正文"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("path", ["/", "timeline", "/find/?q=3-1502", "/charts/"])
def test_usable_on_a_phone(browser, office, path):
    if path == "timeline":
        path = f"/dossiers/{office['dossier'].pk}/timeline/"
    page = browser.login("field1", width=375, height=740)
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
    assert page.get_by_role("searchbox", name="搜索").first.is_visible()
    name = {"/": "phone-home", "/find/?q=3-1502": "phone-search", "/charts/": "phone-charts"}.get(
        path, "phone-timeline"
    )
    shot(page, name)


def test_confirmation_for_irreversible_steps(browser, office, settings):
    settings.ROOT_URLCONF = "tests.e2e.confirm_urls"
    page = browser.login("clerk1")
    page.goto("/e2e/confirm/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="销毁").click()
    page.wait_for_timeout(300)
    assert page.locator("#done").count() == 0  # declined: nothing posted
    messages = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="销毁").click()
    page.locator("#done").wait_for()
    assert page.locator("#done").inner_text() == "destroy"
    assert messages == ["确定要销毁吗？此操作不可撤销。"]
    # a dangerous button without its own text gets the default one
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="驳回").click()
    for _ in range(100):  # the dialog, however busy the machine (a fixed 300 ms was not always enough)
        if len(messages) == 2:
            break
        page.wait_for_timeout(50)
    assert messages[-1] == "此操作不可撤销，确定继续吗？"
    assert page.locator("#done").inner_text() == "destroy"  # declined: still the earlier page
    page.once("dialog", accept)
    page.get_by_role("button", name="驳回").click()
    page.locator("#done", has_text="reject").wait_for()


def test_seal_placement_widget_in_a_one_placement_form(browser, office):
    """As the seals request form would include it: one placement written into page / x / y fields."""
    loan = office["loan"]
    page = browser.login("field1")
    page.goto(f"/seals/versions/{loan.current_version_id}/placement/?mode=fields")
    sheets = page.locator(".placement-sheet")
    sheets.nth(1).wait_for()
    assert not page.get_by_role("button", name="每一页").is_visible()
    sheets.nth(1).scroll_into_view_if_needed()
    box = sheets.nth(1).bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.75)
    assert sheets.locator(".seal-mark").count() == 1  # one placement: the last click
    assert page.get_by_label("盖章位置").input_value() == "custom"
    assert page.get_by_label("页码").input_value() == "2"
    assert float(page.get_by_label("距左边（毫米）").input_value()) == pytest.approx(157.5, abs=1.5)
    assert float(page.get_by_label("距底边（毫米）").input_value()) == pytest.approx(74.25, abs=1.5)
    page.get_by_label("印章", exact=True).select_option(label="合同专用章")
    mark = sheets.nth(1).locator(".seal-mark")
    assert f"/seals/{office['seal'].pk}/image/" in mark.evaluate("e => e.style.backgroundImage")
    page.get_by_role("button", name="最后一页右下角").click()
    assert (page.get_by_label("页码").input_value(), page.get_by_label("距左边（毫米）").input_value()) == (
        "2",
        "155",
    )
    page.get_by_role("button", name="确定").click()
    assert json.loads(page.locator("#placement-json").inner_text()) == [{"page": 2, "x": 155.0, "y": 50.0}]
