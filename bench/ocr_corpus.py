"""A generated OCR corpus with its ground truth: pages of Chinese contract text carrying unit numbers, ID numbers
(valid GB 11643 check digits) and amounts, rendered with a Noto CJK font and degraded as scans (skew, blur,
noise, JPEG, 150-300 dpi) or as phone photos (perspective, uneven light). bench/ocr.py measures the engines on
it; the tests take single pages from it."""

import io
import random
from dataclasses import dataclass
from pathlib import Path

FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
DIGITS_UPPER = "零壹贰叁肆伍陆柒捌玖"
CLAUSES = [
    "出卖人应当在约定期限内将该商品房交付买受人使用，并办理交接手续。",
    "买受人应当按照约定的付款方式和期限支付房价款，逾期付款的按日计算违约金。",
    "该商品房的规划用途为住宅，建筑结构为钢筋混凝土结构，共三十二层。",
    "出卖人承诺该商品房不存在抵押、查封等权利限制，如有隐瞒由出卖人承担责任。",
    "双方同意按照套内建筑面积计价，面积误差比绝对值超出百分之三的，买受人有权退房。",
    "本合同自双方签字盖章之日起生效，一式四份，买受人、出卖人及登记机构各执一份。",
    "因本合同发生的争议，由双方协商解决；协商不成的，依法向人民法院起诉。",
    "买受人申请按揭贷款的，出卖人应协助办理抵押登记手续并提供阶段性担保。",
]


def font_path() -> str | None:
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def id_number(rng: random.Random) -> str:
    """An 18-digit resident ID number with its GB 11643 check digit."""
    body = f"{rng.choice(['110101', '310104', '440305', '510107'])}{rng.randint(1960, 2002)}"
    body += f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def amount_upper(yuan: int) -> str:
    """An amount of whole yuan in 大写 (up to 9,999,999)."""
    units = ["", "拾", "佰", "仟"]
    out, wan, rest = "", yuan // 10000, yuan % 10000

    def four(n: int) -> str:
        s, zero = "", False
        for i in range(3, -1, -1):
            d = n // 10**i % 10
            if d == 0:
                zero = bool(s)
            else:
                s += ("零" if zero else "") + DIGITS_UPPER[d] + units[i]
                zero = False
        return s

    if wan:
        out = four(wan) + "万"
        if rest and rest < 1000:
            out += "零"
    out += four(rest)
    return (out or "零") + "元整"


@dataclass
class Page:
    lines: list[str]
    ids: list[str]
    units: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def contract_page(rng: random.Random, number: int) -> Page:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    ident = id_number(rng)
    unit = f"{rng.randint(1, 12)}-{rng.randint(2, 32)}{rng.randint(1, 4):02d}"
    yuan = rng.randint(300_000, 3_000_000)
    lines = [
        f"商品房买卖合同 合同编号：HT-2026-{number:05d}",
        f"买受人：{name}，身份证号：{ident}",
        f"房屋坐落：第{unit.split('-')[0]}栋 {unit} 室，建筑面积{rng.randint(60, 140)}.{rng.randint(10, 99)}平方米",
        f"总价款：人民币（大写）{amount_upper(yuan)}（小写：{yuan:,}.00元）",
        f"签订日期：2026年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    for clause in rng.sample(CLAUSES, 5):
        lines += [clause[i : i + 26] for i in range(0, len(clause), 26)]
    return Page(lines, [ident], [unit])


def render(page: Page, dpi: int = 200, slip: bool = False):
    """The page as a clean greyscale A4 image at `dpi` (10.5 pt text); a `slip` is only as tall as its lines
    (the tests' short scans)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    if slip:
        height = int(1.8 * dpi + len(page.lines) * round(10.5 / 72 * dpi * 1.2) * 1.9)
    size = round(10.5 / 72 * dpi * 1.2)
    font = ImageFont.truetype(font_path(), size)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = int(0.9 * dpi)
    for line in page.lines:
        draw.text((int(0.8 * dpi), y), line, font=font, fill=0)
        y += int(size * 1.9)
    return image


def as_scan(image, rng: random.Random, skew: float | None = None, quality: int = 60) -> bytes:
    """Skewed (0-3 degrees), blurred, salted and JPEG-compressed: a flatbed scan of a printed page."""
    import numpy as np
    from PIL import Image, ImageFilter

    angle = rng.uniform(0, 3) * rng.choice([-1, 1]) if skew is None else skew
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    pixels = np.asarray(image).astype(np.int16)
    pixels += np.random.default_rng(rng.randint(0, 2**31)).normal(0, 10, pixels.shape).astype(np.int16)
    salt = np.random.default_rng(rng.randint(0, 2**31)).random(pixels.shape)
    pixels[salt < 0.002] = 0
    pixels[salt > 0.998] = 255
    buffer = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def as_photo(image, rng: random.Random) -> bytes:
    """A phone photo of the sheet: on a darker desk, in perspective, lit unevenly, JPEG."""
    import numpy as np
    from PIL import Image

    sheet = image.convert("RGB")
    w, h = sheet.size
    canvas = Image.new("RGB", (int(w * 1.25), int(h * 1.2)), (90, 80, 70))
    canvas.paste(sheet, (int(w * 0.12), int(h * 0.1)))
    cw, ch = canvas.size
    d = [rng.uniform(-0.04, 0.04) * cw for _ in range(8)]
    quad = (d[0], d[1], d[2], ch + d[3], cw + d[4], ch + d[5], cw + d[6], d[7])
    canvas = canvas.transform(canvas.size, Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=(90, 80, 70))
    pixels = np.asarray(canvas).astype(np.float32)
    gx = np.linspace(rng.uniform(0.65, 0.85), 1.0, cw)[None, :, None]
    gy = np.linspace(1.0, rng.uniform(0.7, 0.9), ch)[:, None, None]
    pixels *= gx * gy
    buffer = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def scan_of(lines: list[str], dpi: int = 200, seed: int = 5, skew: float = 1.0) -> bytes:
    """A short scanned slip of these lines (JPEG)."""
    return as_scan(render(Page(lines, [], []), dpi, slip=True), random.Random(seed), skew=skew)


def scan_set(count: int = 50, seed: int = 12):
    """[(Page, jpeg bytes, dpi)]: `count` pages at 150-300 dpi, degraded as scans."""
    rng = random.Random(seed)
    out = []
    for number in range(1, count + 1):
        page = contract_page(rng, number)
        dpi = rng.choice([150, 200, 240, 300])
        out.append((page, as_scan(render(page, dpi), rng), dpi))
    return out


def photo_set(count: int = 10, seed: int = 34):
    rng = random.Random(seed)
    return [
        (page, as_photo(render(page, 200), rng), 200)
        for page in (contract_page(rng, 900 + i) for i in range(count))
    ]
