"""Phone capture: photographs of paper pages made into the pages of one PDF. Each photo is turned upright (its
EXIF orientation), cropped to the sheet when a four-cornered sheet is found (a perspective warp: OpenCV, which
RapidOCR already brings), otherwise deskewed when its text lines lean more than half a degree. A photo that
needs none of this keeps its JPEG bytes exactly as the phone wrote them (embedded as they are); a transformed
page is encoded once as JPEG at quality 90. Pages are laid out at 200 dpi."""

import io
import math
from dataclasses import dataclass

from docstore import conf

SHEET_MIN_AREA = 0.2  # of the photo: a smaller quadrilateral is a detail on the page, not the sheet
DESKEW_MIN_DEGREES = 0.5
DPI = 200


@dataclass
class Page:
    data: bytes  # JPEG bytes
    width: int
    height: int
    as_taken: bool  # the photo's own bytes, untouched
    cropped: bool = False
    deskewed: float = 0.0


def _decode(data: bytes):
    """The photo as an upright RGB image within the pixel budget, and whether anything changed it."""
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data))
    changed = image.format != "JPEG" or image.mode not in ("RGB", "L")
    if image.getexif().get(0x0112, 1) != 1:
        image, changed = ImageOps.exif_transpose(image), True
    budget = conf.preview_max_pixels()
    if image.width * image.height > budget:
        scale = math.sqrt(budget / (image.width * image.height))
        image, changed = image.resize((int(image.width * scale), int(image.height * scale))), True
    return image.convert("RGB"), changed


def find_sheet(gray):
    """The four corners of the sheet (the largest bright quadrilateral), or None."""
    import cv2
    import numpy as np

    small_scale = 1000 / max(gray.shape)
    small = cv2.resize(gray, None, fx=small_scale, fy=small_scale) if small_scale < 1 else gray
    small_scale = min(small_scale, 1.0)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _t, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _h = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        if cv2.contourArea(contour) < SHEET_MIN_AREA * area:
            break
        corners = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(corners) == 4 and cv2.contourArea(contour) < 0.98 * area:
            return corners.reshape(4, 2).astype("float32") / small_scale
    return None


def _order(corners):
    """top-left, top-right, bottom-right, bottom-left."""
    import numpy as np

    total, diff = corners.sum(axis=1), np.diff(corners, axis=1).ravel()
    return np.array(
        [corners[total.argmin()], corners[diff.argmin()], corners[total.argmax()], corners[diff.argmax()]],
        dtype="float32",
    )


def warp_to_sheet(rgb, corners):
    import cv2
    import numpy as np

    tl, tr, br, bl = _order(corners)
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype="float32")
    matrix = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl]), target)
    return cv2.warpPerspective(
        rgb, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def skew_angle(gray) -> float:
    """The lean of the text lines in degrees (positive: counter-clockwise), from the ink's minimum-area box."""
    import cv2
    import numpy as np

    small_scale = min(1.0, 1200 / max(gray.shape))
    small = cv2.resize(gray, None, fx=small_scale, fy=small_scale) if small_scale < 1 else gray
    _t, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.dilate(ink, np.ones((1, 25), np.uint8))  # characters into lines
    contours, _h = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_cx, _cy), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if w > 8 * h and w > small.shape[1] * 0.15:  # a line of text
            angles.append(-angle if abs(angle) < 45 else 0.0)
            weights.append(w)
    if not angles:
        return 0.0
    return float(np.average(angles, weights=weights))


def prepare_page(data: bytes) -> Page:
    import cv2
    import numpy as np
    from PIL import Image

    image, changed = _decode(data)
    rgb = np.asarray(image)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    cropped, angle = False, 0.0
    corners = find_sheet(gray)
    if corners is not None:
        rgb, cropped = warp_to_sheet(rgb, corners), True
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    angle = skew_angle(gray)
    if abs(angle) >= DESKEW_MIN_DEGREES:
        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        rgb = cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    else:
        angle = 0.0
    if not (changed or cropped or angle):
        return Page(data, image.width, image.height, as_taken=True)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=90)
    return Page(
        out.getvalue(), rgb.shape[1], rgb.shape[0], as_taken=False, cropped=cropped, deskewed=round(angle, 2)
    )


def bind(pages: list[Page]) -> bytes:
    """One PDF, a page per photo, each image's JPEG bytes embedded as they are."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    ascii85, rl_config.useA85 = rl_config.useA85, 0
    try:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        for page in pages:
            width, height = page.width * 72 / DPI, page.height * 72 / DPI
            canvas.setPageSize((width, height))
            canvas.drawImage(ImageReader(io.BytesIO(page.data)), 0, 0, width, height)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()
    finally:
        rl_config.useA85 = ascii85
