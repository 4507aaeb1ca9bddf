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


def test_placeholder_until_ready(web, clerk, document):
    """Without the background work having run, the viewer and the image say "being made"."""
    version = document.current_version
    response = web(clerk).get(f"/versions/{version.pk}/pages/1.png")
    assert response.status_code == 200 and response["X-Preview-Status"] == "pending"
    assert response["Cache-Control"] == "private, no-store"
    page = web(clerk).get(f"/versions/{version.pk}/view/").content.decode()
    assert 'data-testid="preview-pending"' in page and "预览正在生成" in page
    assert web(clerk).get(f"/versions/{version.pk}/thumbnail.png")["X-Preview-Status"] == "pending"


def test_viewer_pages_through(web, clerk, processed):
    version = processed.current_version
    page = web(clerk).get(f"/versions/{version.pk}/view/?page=2").content.decode()
    assert f"/versions/{version.pk}/pages/2.png" in page
    assert "第 2 / 3 页" in page and "?page=3" in page and "?page=1" in page
    assert "preview-pending" not in page


def test_broken_file_marks_failed(clerk, document, monkeypatch):
    def boom(version):
        raise ValueError("broken")
        yield  # pragma: no cover

    monkeypatch.setattr(derive, "render_pages", boom)
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
