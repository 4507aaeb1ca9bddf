"""Real generated evidence: contracts whose pages differ, and photos of their stamped paper.

A photo is the page rendered, red seals pressed on it with a multiply blend (ink on paper), laid on a darker
desk, turned a little, with sensor noise and JPEG compression.
"""

import io
import random
from functools import cache

import numpy as np
import pypdfium2 as pdfium
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from core.pdfium import PDFIUM_LOCK
from demo.content import _font
from seals.engine.images import clean_impression, draw_seal

CLAUSES = [
    "出卖人应当在合同约定的期限内将符合约定条件的商品房交付买受人使用。",
    "买受人按照约定的付款方式和付款期限支付房款，逾期付款的，按日计算违约金。",
    "该商品房的规划用途为住宅，建筑面积以房产测绘机构的实测结果为准。",
    "出卖人承诺该商品房不存在抵押、查封等权利限制，买受人不承担由此产生的责任。",
    "双方同意，因本合同发生的争议，由双方协商解决；协商不成的，依法向人民法院起诉。",
    "本合同自双方签字盖章之日起生效，一式四份，出卖人、买受人、银行和房管局各执一份。",
    "贷款银行发放贷款前，出卖人为买受人提供阶段性担保，直至抵押登记办妥。",
    "交付时买受人应当对商品房进行查验，对质量问题有异议的，应当书面提出。",
]


def contract_pdf(pages: int, *, title: str = "商品房买卖合同", seed: int = 1) -> bytes:
    """A contract whose pages each carry different clauses, in a different amount."""
    rng = random.Random(seed)
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    for page in range(1, pages + 1):
        pdf.setFont(font, 16)
        pdf.drawCentredString(width / 2, height - 25 * mm, f"{title}（第 {page} 部分）")
        pdf.setFont(font, 11)
        y = height - 42 * mm
        for number in range(rng.randint(3, 9)):
            clause = f"第{page * 10 + number}条 " + rng.choice(CLAUSES) * rng.randint(1, 3)
            for start in range(0, len(clause), 36):
                if y < 30 * mm:
                    break
                pdf.drawString(20 * mm, y, clause[start : start + 36])
                y -= 6.5 * mm
            y -= rng.randint(4, 22) * mm
        pdf.setFont(font, 9)
        pdf.drawCentredString(width / 2, 12 * mm, f"第 {page} 页 / 共 {pages} 页")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_page(pdf: bytes, page: int, width_px: int = 800) -> Image.Image:
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            p = doc[page - 1]
            w, _h = p.get_size()
            image = p.render(scale=width_px / w).to_pil().convert("RGB")
            p.close()
        finally:
            doc.close()
    return image


_SEAL = None


def _seal() -> Image.Image:
    global _SEAL
    if _SEAL is None:
        _SEAL = Image.open(
            io.BytesIO(clean_impression(draw_seal("锦绣置业有限公司", "合同专用章", size=400)))
        )
        _SEAL = _SEAL.convert("RGBA")
    return _SEAL


def press(page: Image.Image, seals_mm: list[tuple[float, float]], *, size_mm: float = 40, page_mm=(210, 297)):
    """Press seals (centres in mm from the bottom-left) onto a page image, ink multiplying the paper."""
    px_per_mm = page.width / page_mm[0]
    side = int(size_mm * px_per_mm)
    seal = _seal().resize((side, side), Image.Resampling.LANCZOS)
    ink = Image.new("RGB", page.size, (255, 255, 255))
    for x, y in seals_mm:
        left = int(x * px_per_mm - side / 2)
        top = int(page.height - y * px_per_mm - side / 2)
        ink.paste(seal.convert("RGB"), (left, top), seal)
    return ImageChops.multiply(page, ink)


def photograph(
    page: Image.Image, *, angle: float = 1.5, noise: float = 6.0, quality: int = 72, seed: int = 0
) -> bytes:
    """A JPEG of the page lying on a desk, turned by `angle` degrees, with noise."""
    rng = np.random.default_rng(seed)
    margin = page.width // 12
    desk = Image.new("RGB", (page.width + 2 * margin, page.height + 2 * margin), (92, 84, 78))
    desk.paste(page, (margin, margin))
    turned = desk.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(92, 84, 78))
    pixels = np.asarray(turned, dtype=np.float32)
    pixels *= rng.uniform(0.9, 1.0)  # a little darker than a scan
    pixels += rng.normal(0, noise, pixels.shape)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    photo = photo.resize((int(photo.width * 0.8), int(photo.height * 0.8)), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=quality)
    return out.getvalue()


def stamped_photos(
    pdf: bytes, seals: dict[int, list[tuple[float, float]]], pages: list[int], *, seed: int = 0
):
    """JPEG photos of the given pages (in that order) of `pdf`, with the seals pressed per page."""
    photos = []
    for n, page in enumerate(pages):
        image = press(render_page(pdf, page), seals.get(page, []))
        photos.append(photograph(image, angle=(-1) ** n * (0.8 + n % 3 * 0.6), seed=seed + n))
    return photos


# ---- the evidence tests' paper: a 4-page contract approved for 2 impressions (first and last page)

SEALS = {1: [(150, 60)], 4: [(150, 60)]}  # the approved 2 impressions: first and last page


@cache
def approved_pdf() -> bytes:
    return contract_pdf(4)


@cache
def photos(pages: tuple[int, ...] = (1, 2, 3, 4), extra: bool = False) -> tuple[bytes, ...]:
    seals = dict(SEALS)
    if extra:
        seals[2] = [(60, 200)]
    return tuple(stamped_photos(approved_pdf(), seals, list(pages)))


@cache
def foreign_photo() -> bytes:
    return stamped_photos(contract_pdf(4, title="补充协议", seed=7), {}, [3])[0]


def uploads(images) -> list:
    return [SimpleUploadedFile(f"page-{n}.jpg", data, "image/jpeg") for n, data in enumerate(images, 1)]


def scan_of(version, *, sealed: bool) -> SimpleUploadedFile:
    """A scan of an approved PDF version: with one seal pressed on page 1 (electronically), or without."""
    from seals.engine.stamp import stamp_pdf
    from storage.registry import get_store

    with get_store().open(version.sha256) as stream:
        data = stream.read()
    if sealed:
        data, _made = stamp_pdf(data, _seal_png(), size_mm=40, placements=[{"page": 1, "x": 150, "y": 60}])
    return SimpleUploadedFile("scan.pdf", data, "application/pdf")


def _seal_png() -> bytes:
    out = io.BytesIO()
    _seal().save(out, "PNG")
    return out.getvalue()
