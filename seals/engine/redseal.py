"""A red-seal detector for photos and scans of stamped paper (PIL + numpy).

Seal ink is a saturated red; paper, print and most shadows are not. A pixel is seal ink when its hue is
within RED_HUE of red and it is saturated and bright enough (HSV). The mask is reduced to a grid of one cell
per millimetre of paper, closed so that a seal's ring, star and characters join into one blob, and its
connected components are the impressions. A narrow, tall blob against the right edge is a strip of a
cross-page seal, not an impression of its own.
"""

from collections import deque
from dataclasses import dataclass

import numpy as np
from PIL import Image

RED_HUE = 22  # degrees either side of red
MIN_SATURATION = 0.35
MIN_VALUE = 0.30
CELL_RED_SHARE = 0.08  # a cell (1 mm²) with this share of red pixels is red
CLOSE_MM = 3  # gaps a seal's own parts leave between them
MIN_IMPRESSION_MM = 12  # smaller red blobs are not impressions (a red pen tick, a logo)
STRIP_MAX_WIDTH_MM = 14  # a blob this narrow at the right edge is a cross-page strip
EDGE_MM = 4  # "at the right edge": within this of it


@dataclass(frozen=True)
class Blob:
    """A red region in millimetres from the bottom-left corner of the paper (as a placement is given)."""

    x_mm: float  # centre
    y_mm: float
    width_mm: float
    height_mm: float
    strip: bool  # a cross-page strip at the right edge

    def as_dict(self) -> dict:
        return {
            "x": round(float(self.x_mm), 1),
            "y": round(float(self.y_mm), 1),
            "w": round(float(self.width_mm), 1),
            "h": round(float(self.height_mm), 1),
            "strip": bool(self.strip),
        }


def red_mask(image: Image.Image) -> np.ndarray:
    """True where the pixel is seal-red."""
    hsv = np.asarray(image.convert("RGB").convert("HSV"), dtype=np.float32)
    hue = hsv[..., 0] * (360 / 255)
    saturation, value = hsv[..., 1] / 255, hsv[..., 2] / 255
    reddish = (hue <= RED_HUE) | (hue >= 360 - RED_HUE)
    return reddish & (saturation >= MIN_SATURATION) & (value >= MIN_VALUE)


def _cells(mask: np.ndarray, width_mm: float, height_mm: float) -> np.ndarray:
    """The mask on a grid of 1 mm cells: True where enough of the cell is red."""
    cols, rows = max(int(round(width_mm)), 1), max(int(round(height_mm)), 1)
    share = np.asarray(
        Image.fromarray(mask.astype(np.uint8) * 255).resize((cols, rows), Image.Resampling.BOX),
        dtype=np.float32,
    )
    return share / 255 >= CELL_RED_SHARE


def _close(grid: np.ndarray, radius: int) -> np.ndarray:
    """Dilate by `radius` cells (a square), which joins the parts of one impression."""
    out = grid.copy()
    rows, cols = grid.shape
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            shifted = np.zeros_like(grid)
            ys = slice(max(dy, 0), rows + min(dy, 0))
            yd = slice(max(-dy, 0), rows + min(-dy, 0))
            xs = slice(max(dx, 0), cols + min(dx, 0))
            xd = slice(max(-dx, 0), cols + min(-dx, 0))
            shifted[yd, xd] = grid[ys, xs]
            out |= shifted
    return out


def _components(grid: np.ndarray):
    """Bounding boxes (row0, col0, row1, col1) of the 8-connected True regions."""
    seen = np.zeros_like(grid, dtype=bool)
    rows, cols = grid.shape
    for start in zip(*np.nonzero(grid), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        queue = deque([start])
        r0 = r1 = start[0]
        c0 = c1 = start[1]
        while queue:
            r, c = queue.popleft()
            r0, r1, c0, c1 = min(r0, r), max(r1, r), min(c0, c), max(c1, c)
            for nr in (r - 1, r, r + 1):
                for nc in (c - 1, c, c + 1):
                    if 0 <= nr < rows and 0 <= nc < cols and grid[nr, nc] and not seen[nr, nc]:
                        seen[nr, nc] = True
                        queue.append((nr, nc))
        yield r0, c0, r1, c1


def find_seals(image: Image.Image, width_mm: float, height_mm: float) -> list[Blob]:
    """The red impressions on a page image that shows the paper `width_mm` × `height_mm`, top to bottom."""
    grid = _cells(red_mask(image), width_mm, height_mm)
    closed = _close(grid, CLOSE_MM // 2 + 1)
    rows, cols = grid.shape
    blobs = []
    for r0, c0, r1, c1 in _components(closed):
        # the closing grew each blob by its radius: measure the red cells inside it
        inner = grid[r0 : r1 + 1, c0 : c1 + 1]
        if not inner.any():
            continue
        ys, xs = np.nonzero(inner)
        top, bottom, left, right = r0 + ys.min(), r0 + ys.max() + 1, c0 + xs.min(), c0 + xs.max() + 1
        w, h = (right - left) * width_mm / cols, (bottom - top) * height_mm / rows
        at_edge = right * width_mm / cols >= width_mm - EDGE_MM
        strip = at_edge and w <= STRIP_MAX_WIDTH_MM and h >= MIN_IMPRESSION_MM
        if not strip and max(w, h) < MIN_IMPRESSION_MM:
            continue
        x = (left + right) / 2 * width_mm / cols
        y = height_mm - (top + bottom) / 2 * height_mm / rows
        blobs.append(Blob(x, y, w, h, strip))
    return sorted(blobs, key=lambda b: (-b.y_mm, b.x_mm))
