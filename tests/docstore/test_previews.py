"""Page images and thumbnails: made in the background, kept in the blob store, served only as images."""

import io

import pytest
from PIL import Image

from demo.content import make_pdf
from docstore import derive
from docstore.models import Derivative, PreviewPage
from docstore.selectors import referenced_blobs
from docstore.services import documents
from storage.registry import referenced_blobs as all_referenced

pytestmark = pytest.mark.django_db


@pytest.fixture
def processed(run_on_commit, make_document):
    return make_document(make_pdf("商品房买卖合同", ["第一条"], pages=3), "c.pdf", code="sales_contract")


def _image(response):
    return Image.open(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_pdf_pages_rendered_and_referenced(processed):
    version = processed.current_version
    derivative = Derivative.objects.get(version=version)
    assert derivative.preview_status == "ready" and derivative.preview_pages == 3
    pages = list(PreviewPage.objects.filter(version=version).order_by("page"))
    assert [p.page for p in pages] == [1, 2, 3]
    assert pages[0].width == 1000 and pages[0].height > pages[0].width  # A4 portrait
    blobs = referenced_blobs()
    assert {p.sha256 for p in pages} <= blobs and derivative.thumbnail_sha256 in blobs
    assert derivative.thumbnail_sha256 in all_referenced()


def test_page_image_is_png_never_the_original(web, clerk, processed):
    version = processed.current_version
    from django.urls import reverse

    url = reverse("docstore:version-page-image", args=[version.pk, 2])
    response = web(clerk).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = _image(response)
    assert image.format == "PNG" and image.width == 1000
    assert not response.content.startswith(b"%PDF")
    assert web(clerk).get(reverse("docstore:version-page-image", args=[version.pk, 4])).status_code == 404


def test_thumbnail(web, clerk, processed):
    response = web(clerk).get(f"/versions/{processed.current_version.pk}/thumbnail.png")
    assert response.status_code == 200 and _image(response).width == 160


def test_images_get_previews(run_on_commit, make_document, png_bytes):
    document = make_document(png_bytes, "户型图.png", code="attachment")
    derivative = Derivative.objects.get(version=document.current_version)
    assert derivative.preview_status == "ready" and derivative.preview_pages == 1


def test_docx_shows_placeholder(web, clerk, run_on_commit, make_document, docx_bytes):
    document = make_document(docx_bytes, "a.docx", code="supplementary_agreement")
    derivative = Derivative.objects.get(version=document.current_version)
    assert derivative.preview_status == "unsupported"
    response = web(clerk).get(f"/versions/{document.current_version.pk}/pages/1.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Preview-Status"] == "unsupported"
    page = web(clerk).get(f"/versions/{document.current_version.pk}/view/").content.decode()
    assert "没有页面预览" in page


def test_pages_are_rendered_on_demand_before_the_background_work(web, clerk, document):
    """Without the background work having run, the asked-for page and the thumbnail are rendered at once,
    and only they; the viewer still says the rest is being made."""
    version = document.current_version
    response = web(clerk).get(f"/versions/{version.pk}/pages/2.png")
    assert response.status_code == 200 and "X-Preview-Status" not in response
    assert _image(response).width == 1000
    assert list(PreviewPage.objects.filter(version=version).values_list("page", flat=True)) == [2]
    thumbnail = web(clerk).get(f"/versions/{version.pk}/thumbnail.png")
    assert "X-Preview-Status" not in thumbnail and _image(thumbnail).width == 160
    derivative = Derivative.objects.get(version=version)
    assert derivative.preview_status == "pending" and derivative.thumbnail_sha256
    assert sorted(PreviewPage.objects.filter(version=version).values_list("page", flat=True)) == [1, 2]
    page = web(clerk).get(f"/versions/{version.pk}/view/").content.decode()
    assert 'data-testid="preview-pending"' in page and "预览正在生成" in page
    assert web(clerk).get(f"/versions/{version.pk}/pages/3.png").status_code == 404  # a 2-page file


def test_background_work_renders_only_what_is_missing(clerk, document):
    version = document.current_version
    on_demand = derive.page_on_demand(version, 2)
    derivative = derive.make_previews(version)
    assert derivative.preview_status == "ready" and derivative.preview_pages == 2
    pages = {p.page: p.sha256 for p in PreviewPage.objects.filter(version=version)}
    assert pages[2] == on_demand.sha256 and set(pages) == {1, 2} and derivative.thumbnail_sha256


def test_previews_are_made_a_batch_at_a_time(clerk, make_document, settings):
    """A long file's pages come in batches, each task queueing the next, so a text task never waits long."""
    from docstore import tasks

    settings.DOCSTORE_PREVIEW_BATCH_PAGES = 2
    document = make_document(make_pdf("长文件", ["第一条"], pages=5), "long.pdf")
    version = document.current_version
    derivative = derive.make_previews(version, limit=2)
    assert derivative.preview_status == "pending" and derivative.preview_pages == 2
    tasks.make_previews.call(version.pk)  # the immediate backend runs the queued rest at once
    derivative.refresh_from_db()
    assert derivative.preview_status == "ready" and derivative.preview_pages == 5
    assert sorted(PreviewPage.objects.filter(version=version).values_list("page", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_placeholder_while_the_renderer_is_busy(web, clerk, document, settings):
    settings.DOCSTORE_PREVIEW_ON_DEMAND_WAIT = 0
    version = document.current_version
    assert derive.ON_DEMAND.acquire(timeout=1)
    try:
        response = web(clerk).get(f"/versions/{version.pk}/pages/1.png")
        thumbnail = web(clerk).get(f"/versions/{version.pk}/thumbnail.png")
    finally:
        derive.ON_DEMAND.release()
    assert response.status_code == 200 and response["X-Preview-Status"] == "pending"
    assert response["Cache-Control"] == "private, no-store"
    assert thumbnail["X-Preview-Status"] == "pending"
    assert not PreviewPage.objects.filter(version=version).exists()


def test_nothing_is_rendered_for_a_disposed_document(web, clerk, document, monkeypatch):
    from docstore import purge
    from docstore.models import Document

    monkeypatch.setattr(
        purge, "disposed_document_sources", [lambda: Document.objects.filter(pk=document.pk).values("pk")]
    )
    response = web(clerk).get(f"/versions/{document.current_version.pk}/pages/1.png")
    assert response["X-Preview-Status"] == "pending"
    assert derive.page_on_demand(document.current_version, 1) is None
    assert not PreviewPage.objects.exists()


def test_viewer_pages_through(web, clerk, processed):
    version = processed.current_version
    page = web(clerk).get(f"/versions/{version.pk}/view/?page=2").content.decode()
    assert f"/versions/{version.pk}/pages/2.png" in page
    assert "第 2 / 3 页" in page and "?page=3" in page and "?page=1" in page
    assert "preview-pending" not in page


def test_broken_file_marks_failed(clerk, document, monkeypatch):
    def boom(version):
        raise ValueError("broken")

    monkeypatch.setattr(derive, "open_pages", boom)
    derivative = derive.make_previews(document.current_version)
    assert derivative.preview_status == "failed" and "broken" in derivative.error


def test_outsider_cannot_see_pages(web, outsider, processed):
    assert web(outsider).get(f"/versions/{processed.current_version.pk}/pages/1.png").status_code == 403


def test_list_shows_thumbnails(web, clerk, processed):
    page = web(clerk).get("/documents/").content.decode()
    assert f"/versions/{processed.current_version.pk}/thumbnail.png" in page


def test_new_version_gets_its_own_previews(run_on_commit, clerk, processed):
    version = documents.add_version(
        clerk, processed, file=io.BytesIO(make_pdf("二稿", ["x"])), filename="v2.pdf"
    )
    assert PreviewPage.objects.filter(version=version).count() == 1
    assert PreviewPage.objects.filter(version=processed.versions.get(number=1)).count() == 3


@pytest.mark.skipif(
    __import__("docstore.templating", fromlist=["soffice"]).soffice() is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui and fonts-noto-cjk",
)
def test_docx_pages_through_libreoffice(web, clerk, run_on_commit, make_document, docx_bytes, settings):
    settings.DOCSTORE_DOCX_PREVIEWS = True
    document = make_document(docx_bytes, "补充协议.docx", code="supplementary_agreement")
    derivative = Derivative.objects.get(version=document.current_version)
    assert derivative.preview_status == "ready" and derivative.preview_pages >= 1
    response = web(clerk).get(f"/versions/{document.current_version.pk}/pages/1.png")
    assert response["Content-Type"] == "image/png" and "X-Preview-Status" not in response
    assert _image(response).width == 1000
