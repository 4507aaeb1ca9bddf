"""Cross-page seals that can be read: every page's strip at least the minimum width, the seal repeated over
groups of pages when the document is long, and one impression however many groups it takes."""

import io

import numpy as np
import pypdfium2 as pdfium
import pytest

from accounts.audit_model import AuditEvent
from core.pdfium import PDFIUM_LOCK
from demo.content import make_pdf
from seals import conf, services
from seals.engine.images import clean_impression
from seals.engine.stamp import cross_page_groups, stamp_pdf
from seals.models import Impression
from storage.registry import get_store
from tests.seals.conftest import seal_png

MM = 72 / 25.4
SEAL = clean_impression(seal_png())  # cropped to the ink, as a registered seal's image is
SCALE = 6  # 6 px per point: a pixel is 0.06 mm
BAND_MM = 12  # how much of the right edge is looked at


def _red(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    return (r > 150) & (g < 110) & (b < 110) & (r - g > 80)


def right_edge_red(pdf: bytes, seal_mm: float = 40, band_mm: float = BAND_MM) -> list[np.ndarray]:
    """Per page: the red mask of the right-edge band at the height of the cross-page seal."""
    masks = []
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(io.BytesIO(pdf))
        try:
            for index in range(len(doc)):
                page = doc[index]
                width, height = page.get_size()
                y0 = height / 2 - seal_mm * MM / 2 - 2 * MM
                y1 = height / 2 + seal_mm * MM / 2 + 2 * MM
                crop = (width - band_mm * MM, y0, 0, height - y1)
                image = np.asarray(page.render(scale=SCALE, crop=crop).to_pil().convert("RGB"))
                page.close()
                masks.append(_red(image))
        finally:
            doc.close()
    return masks


def red_width_mm(mask: np.ndarray) -> float:
    """How far in from the page's right edge the red reaches."""
    columns = np.flatnonzero(mask.any(axis=0))
    if not len(columns):
        return 0.0
    return (mask.shape[1] - columns[0]) / SCALE / MM


class TestGroups:
    @pytest.mark.parametrize(
        ("pages", "size_mm", "min_mm", "expected"),
        [
            (1, 40, 2, [1]),
            (20, 40, 2, [20]),
            (21, 40, 2, [11, 10]),
            (117, 40, 2, [20, 20, 20, 19, 19, 19]),
            (117, 40, 0, [117]),  # 0: one impression over all pages, as before
            (5, 40, 50, [1, 1, 1, 1, 1]),  # a minimum wider than the seal: a whole seal on each page
            (200, 42, 3, [14] * 5 + [13] * 10),
        ],
    )
    def test_pages_shared_out(self, pages, size_mm, min_mm, expected):
        groups = cross_page_groups(pages, size_mm, min_mm)
        assert groups == expected
        assert sum(groups) == pages
        if min_mm:
            assert all(size_mm / size >= min_mm or size == 1 for size in groups)


class TestRendered117Pages:
    """The issue's case: a 117-page PDF, whose strips were 0.34 mm each with one impression over all pages."""

    @pytest.fixture(scope="class")
    def stamped(self):
        pdf = make_pdf("借款合同", ["甲方：锦绣置业有限公司", "乙方：张三"], pages=117)
        out, made = stamp_pdf(pdf, SEAL, size_mm=40, placements=[], cross_page=True, cross_min_strip_mm=2)
        return out, made

    def test_every_page_carries_a_strip_at_least_the_minimum(self, stamped):
        out, made = stamped
        assert made == 1  # one cross-page seal, however many groups
        masks = right_edge_red(out)
        assert len(masks) == 117
        widths = [red_width_mm(mask) for mask in masks]
        for page, width in enumerate(widths, start=1):
            # at least 2 mm (one pixel of anti-aliasing spared), and never more than the group's strip (2.11 mm)
            assert 2 - 0.1 <= width <= 40 / 19 + 0.1, f"page {page}: red strip {width:.2f} mm"

    def test_each_group_joins_into_a_whole_impression(self, stamped):
        """Lay each group's strips side by side (its first page is the seal's left edge): the red of the
        joined strips is that of one whole seal, the same for every group."""
        out, _made = stamped
        masks = right_edge_red(out)
        whole_pdf, _ = stamp_pdf(
            make_pdf("借款合同", ["甲方"], pages=1), SEAL, size_mm=40, placements=[], cross_page=True
        )
        whole = right_edge_red(whole_pdf, band_mm=44)[0]  # a 1-page document: the whole seal at its edge
        assert red_width_mm(whole) == pytest.approx(40, abs=0.2)
        whole_red = int(whole.sum())
        start = 0
        for size in cross_page_groups(117, 40, 2):
            strip_px = round(40 / size * MM * SCALE)
            joined = np.hstack([mask[:, -strip_px:] for mask in masks[start : start + size]])
            assert joined.shape[1] == pytest.approx(40 * MM * SCALE, abs=size)
            assert int(joined.sum()) == pytest.approx(whole_red, rel=0.1)
            start += size
        assert start == 117

    def test_without_a_minimum_the_strips_were_illegible(self):
        pdf = make_pdf("借款合同", ["甲方"], pages=117)
        out, _made = stamp_pdf(pdf, SEAL, size_mm=40, placements=[], cross_page=True)
        widths = [red_width_mm(mask) for mask in right_edge_red(out)[40:45]]
        assert max(widths) < 0.5


@pytest.mark.django_db
class TestStampingService:
    def _approved(self, make_pdf_version, make_request, pages=117):
        version = make_pdf_version(pages=pages)
        return make_request(
            "approved", version=version, impressions=1, cross_page=True, placements=[]
        ).items.get()

    def test_a_117_page_cross_page_seal_is_one_impression(self, field, make_pdf_version, make_request):
        item = self._approved(make_pdf_version, make_request)
        new = services.stamp_item(field, item)
        item.refresh_from_db()
        assert item.used == 1 and item.request.status == "stamped"
        assert Impression.objects.get(item=item).count == 1
        event = AuditEvent.objects.get(action="seal_request.stamped")
        assert (event.details["impressions"], event.details["cross_page_groups"]) == (1, 6)
        with get_store().open(new.sha256) as stream:
            widths = [red_width_mm(mask) for mask in right_edge_red(stream.read())]
        assert min(widths) >= 2 - 0.1

    def test_the_setting_sets_the_minimum(self, settings, field, make_pdf_version, make_request):
        settings.SEALS_CROSS_PAGE_MIN_STRIP_MM = 5  # 8 pages a group: 30 pages in 4 groups of 7.5 -> 8,8,7,7
        item = self._approved(make_pdf_version, make_request, pages=30)
        new = services.stamp_item(field, item)
        with get_store().open(new.sha256) as stream:
            widths = [red_width_mm(mask) for mask in right_edge_red(stream.read())]
        assert min(widths) >= 5 - 0.1 and max(widths) <= 40 / 7 + 0.1


def test_the_minimum_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("SEALS_CROSS_PAGE_MIN_STRIP_MM", raising=False)
    assert conf.cross_page_min_strip_mm() == 2
    monkeypatch.setenv("SEALS_CROSS_PAGE_MIN_STRIP_MM", "3.5")
    assert conf.cross_page_min_strip_mm() == 3.5
