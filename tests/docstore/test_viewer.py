"""The viewer (issue 11, item 7): all pages in one scroll with lazy images, each page an image plus an empty
overlay layer, page jump without JS (?page=N), and a side panel with the dossier, type, versions, seal use,
archival code and where the original is (the last two from seals' and archive's registered viewer panels)."""

import re

import pytest
from django.urls import reverse

from demo.content import make_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


@pytest.fixture
def long_contract(make_document):
    return make_document(
        make_pdf("商品房买卖合同 3-1502", ["第一条"], pages=12), "c.pdf", code="sales_contract"
    )


def test_every_page_in_one_scroll_with_lazy_images_and_overlays(web, clerk, long_contract):
    version = long_contract.current_version
    html = web(clerk).get(reverse("docstore:version-viewer", args=[version.pk])).content.decode()
    images = re.findall(r'<img class="viewer-page" src="([^"]+)"[^>]*>', html)
    assert [src.rsplit("/", 1)[1] for src in images] == [f"{n}.png" for n in range(1, 13)]
    assert html.count('loading="lazy"') == 10  # the first two load at once, the rest as they come near
    assert html.count("data-overlay") == 12 and 'id="page-12"' in html
    assert re.search(r'width="\d+" height="\d+"', html)  # the page's own size: no jumps while images load
    assert "第 1 / 12 页" in html and 'name="page"' in html and "js/viewer.js" in html


def test_page_jump_without_script(web, clerk, long_contract):
    version = long_contract.current_version
    html = web(clerk).get(reverse("docstore:version-viewer", args=[version.pk]), {"page": 7}).content.decode()
    assert "第 7 / 12 页" in html and "?page=6" in html and "?page=8" in html
    assert 'data-start-page="7"' in html
    assert (
        web(clerk).get(reverse("docstore:version-viewer", args=[version.pk]), {"page": "x"}).status_code
        == 200
    )


def test_side_panel_tells_the_documents_facts(web, clerk, field, manager, long_contract):
    from archive import services as archive
    from seals import services as seals
    from tests.workbench.builders import make_active_seal

    seal = make_active_seal(manager, clerk)
    item = {"version": long_contract.current_version, "seal": seal, "impressions": 2, "mode": "physical"}
    req = seals.create_request(
        field, purpose="网签", recipient="bank", dossier=long_contract.dossier, items=[item]
    )
    req = seals.approve_request(manager, seals.submit_request(field, req))
    seals.record_impressions(clerk, req.items.get(), count=1)
    record = archive.file_document(clerk, long_contract, year=2026)
    room = archive.create_location(clerk, kind="room", name="一号库房")
    cabinet = archive.create_location(clerk, kind="cabinet", name="A柜", parent=room)
    shelf = archive.create_location(clerk, kind="shelf", name="第1层", parent=cabinet)
    box = archive.create_location(
        clerk, kind="box", name="2026-D30-001", parent=shelf, year=2026, retention="D30"
    )
    original = archive.register_original(clerk, long_contract, kind="developer", home=box)
    archive.check_out_original(clerk, original, party_type="colleague", holder=field, purpose="送银行")

    html = (
        web(clerk)
        .get(reverse("docstore:version-viewer", args=[long_contract.current_version.pk]))
        .content.decode()
    )
    side = html[html.index('data-testid="viewer-side"') :]
    assert "锦绣花园 3-1502" in side and "商品房买卖合同" in side and "v1" in side
    assert f"申请 #{req.pk}" in side and "已用 1 / 2 次" in side  # seals' panel
    assert record.archival_code in side and "2026-D30-001" in side and "李军" in side  # archive's panel


def test_viewer_queries_do_not_grow_with_pages(web, clerk, make_document, django_assert_max_num_queries):
    document = make_document(make_pdf("借款合同", ["第一条"], pages=30), "l.pdf", code="loan_contract")
    with django_assert_max_num_queries(40):
        web(clerk).get(reverse("docstore:version-viewer", args=[document.current_version.pk]))
