"""Page images stay within the per-page pixel budget (DOCSTORE_PREVIEW_MAX_PIXELS): a few hundred bytes of
PDF describing a 20 x 14400 pt page rendered at 1000 x 720,000 px on main (58 s, 7.8 GB)."""

import io

import pytest
from PIL import Image

from docstore import derive
from docstore.models import Derivative, PreviewPage
from tests.fixtures import bad_files

pytestmark = pytest.mark.django_db


def test_tall_page_renders_within_the_default_budget(run_on_commit, make_document):
    document = make_document(bad_files.tall_page_pdf(), "strip.pdf")
    derivative = Derivative.objects.get(version=document.current_version)
    assert derivative.preview_status == "ready", derivative.error
    page = PreviewPage.objects.get(version=document.current_version)
    assert page.width * page.height <= 40_000_000
    assert page.height > 100_000  # the budget scales the page down, it does not crop it
    assert page.height / page.width == pytest.approx(14400 / 20, rel=0.01)


def test_budget_is_a_setting(run_on_commit, make_document, settings, store):
    settings.DOCSTORE_PREVIEW_MAX_PIXELS = 2_000_000
    document = make_document(bad_files.tall_page_pdf(20, 1440), "strip.pdf")
    page = PreviewPage.objects.get(version=document.current_version)
    assert page.width * page.height <= 2_000_000
    with store.open(page.sha256) as stream:
        assert Image.open(stream).size == (page.width, page.height)


def test_ordinary_pages_keep_the_preview_width(run_on_commit, make_document, pdf_bytes):
    document = make_document(pdf_bytes, "contract.pdf")
    pages = PreviewPage.objects.filter(version=document.current_version)
    assert {p.width for p in pages} == {1000}


def test_tall_image_is_scaled_into_the_budget(run_on_commit, make_document, settings):
    settings.DOCSTORE_PREVIEW_MAX_PIXELS = 100_000
    buffer = io.BytesIO()
    Image.new("RGB", (400, 3000), (250, 250, 250)).save(buffer, "PNG")
    document = make_document(buffer.getvalue(), "receipt-roll.png")
    page = PreviewPage.objects.get(version=document.current_version)
    assert page.width * page.height <= 100_000
    assert page.height / page.width == pytest.approx(3000 / 400, rel=0.02)


def test_every_tiff_frame_within_the_budget(run_on_commit, make_document, settings):
    settings.DOCSTORE_PREVIEW_MAX_PIXELS = 50_000
    buffer = io.BytesIO()
    frames = [Image.new("L", size, 200) for size in [(300, 300), (100, 2000), (50, 50)]]
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    document = make_document(buffer.getvalue(), "scan.tif")
    pages = list(PreviewPage.objects.filter(version=document.current_version).order_by("page"))
    assert len(pages) == 3
    assert all(p.width * p.height <= 50_000 for p in pages)
    assert (pages[2].width, pages[2].height) == (50, 50)  # small frames are never enlarged


@pytest.mark.parametrize(
    "width,height,budget",
    [(20, 14400, 40_000_000), (595, 842, 40_000_000), (14400, 14400, 40_000_000), (0.5, 14400, 1_000_000)],
)
def test_fit_scale_rounds_like_pdfium(settings, width, height, budget):
    import math

    settings.DOCSTORE_PREVIEW_MAX_PIXELS = budget
    scale = derive.fit_scale(width, height)
    assert math.ceil(width * scale) * math.ceil(height * scale) <= budget
    assert math.ceil(width * scale) <= 1000


def test_budget_comes_from_the_environment(monkeypatch):
    from docstore import conf

    assert conf.preview_max_pixels() == 40_000_000
    monkeypatch.setenv("DOCSTORE_PREVIEW_MAX_PIXELS", "12345678")
    assert conf.preview_max_pixels() == 12_345_678
