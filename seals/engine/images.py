"""Seal impression images (Pillow): clean an upload, draw a demo seal, and prepare the PDF image parts."""

import io
import math
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

SEAL_RED = (204, 24, 30)
MAX_SIDE = 640  # pixels kept for stamping: about 400 dpi for a 40 mm seal
_INK_FLOOR = 40  # darkness below this (paper grain) becomes fully transparent
_INK_FULL = 150  # darkness from this on is full ink
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
CJK_FONT_HINTS = (
    "notosanscjk",
    "notoserifcjk",
    "notosanssc",
    "notoserifsc",
    "wqy",
    "wenquanyi",
    "droidsansfallback",
)


class BadImage(ValueError):
    pass


def clean_impression(data: bytes) -> bytes:
    """A PNG with transparency, cropped to the impression.

    A PNG that already has transparency keeps its alpha; a scan on white paper gets an alpha made from how
    dark each pixel is, so white paper turns transparent and the ink stays.
    """
    try:
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            image = source.convert("RGBA")
    except Exception as exc:  # Pillow raises many kinds for a bad file
        raise BadImage(str(exc)) from exc
    alpha = image.getchannel("A")
    if alpha.getextrema()[0] == 255:  # opaque: a scan on white paper
        r, g, b = image.convert("RGB").split()
        darkness = ImageChops.invert(ImageChops.darker(r, ImageChops.darker(g, b)))
        span = _INK_FULL - _INK_FLOOR
        lut = [0 if v < _INK_FLOOR else min(255, (v - _INK_FLOOR) * 255 // span) for v in range(256)]
        alpha = darkness.point(lut)
        image.putalpha(alpha)
    box = alpha.point(lambda v: 255 if v > 8 else 0).getbbox()
    if box is None:
        raise BadImage("no impression found")
    image = image.crop(box)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


@dataclass(frozen=True)
class ImageParts:
    """An RGBA image as PDF wants it: Flate-compressed RGB samples and a separate alpha (the /SMask)."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes


@lru_cache(maxsize=32)
def pdf_parts(png: bytes) -> ImageParts:
    with Image.open(io.BytesIO(png)) as source:
        image = source.convert("RGBA")
    rgb = image.convert("RGB").tobytes()
    alpha = image.getchannel("A").tobytes()
    return ImageParts(image.width, image.height, zlib.compress(rgb, 6), zlib.compress(alpha, 6))


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The path of an installed CJK font (Noto CJK, WenQuanYi...), or None."""
    for root in FONT_DIRS:
        base = Path(root)
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            name = path.name.lower().replace("-", "").replace("_", "")
            if path.suffix.lower() in (".ttc", ".otf", ".ttf") and any(h in name for h in CJK_FONT_HINTS):
                return str(path)
    return None


def _font(size: int, cjk: str | None):
    if cjk:
        return ImageFont.truetype(cjk, size)
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _star(draw, cx, cy, radius, color):
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=color)


def draw_seal(ring_text: str, centre_text: str = "", *, square: bool = False, size: int = 600) -> bytes:
    """A demo seal: a red ring with text around the top and a star (or a square name seal).

    Chinese text needs a CJK font; without one the seal shows its Latin fallback text instead.
    """
    cjk = find_cjk_font()
    scale = 4 if size <= 200 else 2
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    border = big // 28
    if square:
        draw.rectangle([border, border, big - border, big - border], outline=SEAL_RED, width=border)
        text = centre_text if cjk else "LEGAL REP"
        chars = list(text)[:4] if cjk else [text]
        if cjk and len(chars) >= 2:
            cols = [chars[i : i + 2] for i in range(0, len(chars), 2)][::-1]
            font = _font(int(big * 0.36), cjk)
            for ci, col in enumerate(cols):
                for ri, ch in enumerate(col):
                    x = big * (0.28 + 0.44 * ci)
                    y = big * (0.28 + 0.44 * ri)
                    draw.text((x, y), ch, font=font, fill=SEAL_RED, anchor="mm")
        else:
            font = _font(int(big * 0.12), cjk)
            draw.text((big / 2, big / 2), chars[0], font=font, fill=SEAL_RED, anchor="mm")
    else:
        draw.ellipse([border, border, big - border, big - border], outline=SEAL_RED, width=border)
        _star(draw, big / 2, big / 2, big * 0.17, SEAL_RED)
        text = ring_text if cjk else _latin(ring_text)
        font = _font(int(big * (0.11 if cjk else 0.075)), cjk)
        count = max(len(text), 1)
        spread = math.radians(min(250, 22 * count if cjk else 12 * count))
        radius = big / 2 - border * 3.4
        for i, ch in enumerate(text):
            angle = -math.pi / 2 - spread / 2 + spread * (i + 0.5) / count
            x = big / 2 + radius * math.cos(angle)
            y = big / 2 + radius * math.sin(angle)
            glyph = Image.new("RGBA", (font.size * 2, font.size * 2), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=SEAL_RED, anchor="mm")
            glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
            image.alpha_composite(glyph, (int(x - font.size), int(y - font.size)))
        if centre_text:
            label = centre_text if cjk else _latin(centre_text)
            small = _font(int(big * (0.08 if cjk else 0.06)), cjk)
            draw.text((big / 2, big * 0.76), label, font=small, fill=SEAL_RED, anchor="mm")
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _latin(text: str) -> str:
    """Without a CJK font: keep ASCII, or a neutral word."""
    ascii_only = "".join(ch for ch in text if ord(ch) < 128).strip()
    return ascii_only or "SEAL"
