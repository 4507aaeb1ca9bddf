"""Phone capture at 375 px (issue 12): field staff open the camera from the upload page (a file input stands in
for it), take two pages, and the document is filed as one PDF of two pages; nothing is wider than the phone."""

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import off_loop, shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _photo(seed: int) -> bytes:
    import random

    from bench.ocr_corpus import Page, as_photo, render

    return as_photo(
        render(Page(["房卡", f"第 {seed} 页", "买受人签字"], [], []), dpi=60), random.Random(seed)
    )


def test_field_staff_photograph_a_house_card_on_a_phone(browser, flushable_db, e2e_settings, tmp_path):
    from accounts.roles import FIELD_STAFF

    off_loop(make_user, "field1", FIELD_STAFF, display_name="李军")
    photos = []
    for seed in (1, 2):
        path = tmp_path / f"IMG_000{seed}.jpg"
        path.write_bytes(_photo(seed))
        photos.append(str(path))
    page = browser.login("field1", width=375, height=740)
    page.goto("/documents/new/")
    page.get_by_test_id("capture-link").click()
    page.wait_for_url("**/documents/capture/")
    camera = page.locator('input[type=file][capture="environment"]')
    assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("multiple") is not None
    camera.set_input_files(photos)
    assert page.get_by_test_id("capture-list").locator("li").count() == 2
    page.get_by_label("标题").fill("房卡 3-1502")
    page.get_by_label("类型").select_option("other")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "capture-375")
    page.get_by_role("button", name="合成 PDF 并上传").click()
    page.wait_for_url(lambda url: "/documents/capture/" not in url)
    assert "已合成 2 页的 PDF。" in page.content()
    assert page.get_by_role("heading", name="房卡 3-1502").is_visible()

    def filed():
        from docstore.models import Document

        version = Document.objects.get(title="房卡 3-1502").current_version
        return version.page_count, version.media_type

    assert off_loop(filed) == (2, "application/pdf")
