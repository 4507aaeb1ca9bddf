"""Image checks (PNG, JPEG, TIFF): every frame within the pixel limit, all frames together within the total."""

import warnings
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TooLarge
from docstore import conf
from docstore.validation.common import parser_errors


def _bomb() -> InvalidInput:
    return InvalidInput(_("图片像素过多（可能是图片炸弹）。"), code="image_bomb")


def inspect_image(stream: BinaryIO) -> int:
    """The number of frames (pages of a TIFF). Only headers are read; nothing is decoded."""
    from PIL import Image

    limit, total_limit, max_frames = (
        settings.MAX_IMAGE_PIXELS,
        conf.image_max_total_pixels(),
        conf.upload_max_pages(),
    )
    with warnings.catch_warnings(), parser_errors(_("图片文件已损坏，无法打开。"), "damaged_image"):
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        old_limit = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = limit
        try:
            with Image.open(stream) as image:
                frames = _frames(image, limit, total_limit, max_frames)
            stream.seek(0)
            with Image.open(stream) as image:
                image.verify()  # checksums (PNG); verify() leaves the image unusable, hence a second open
            return frames
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _bomb() from exc
        finally:
            Image.MAX_IMAGE_PIXELS = old_limit


def _frames(image, limit: int, total_limit: int, max_frames: int) -> int:
    """Seek through every frame: Pillow checks only the first one's size on opening, and a multi-page TIFF
    can hide a ten-gigapixel page behind a small first page."""
    frames, total = 0, 0
    while True:
        width, height = image.size
        if width * height > limit:
            raise _bomb()
        total += width * height
        frames += 1
        if total > total_limit:
            raise _bomb()
        try:
            image.seek(frames)
        except EOFError:
            return frames
        if frames >= max_frames:
            raise TooLarge(
                _("图片页数过多：上限为 %(max)s 页。") % {"max": max_frames}, code="too_many_pages"
            )
