"""Fuzzing the upload inspection: mutated files of every accepted format are either accepted or refused with
a 4xx DomainError, never another exception (a 500 in the API, a crash in the importer).

Valid files of each type are truncated, have bytes flipped, have ranges spliced in from another file or
from noise, or have a piece repeated; mutations are biased towards the head and the tail, where the
structures parsers trust live (PDF xref and trailer, zip central directory, image headers, TIFF IFDs).
A fixed seed and a bounded number of examples keep the run repeatable and short."""

import io
from functools import cache

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import DomainError
from demo.content import make_docx, make_pdf, make_png
from docstore.validation import inspect_upload
from tests.fixtures import bad_files

EXAMPLES_PER_FORMAT = 120
ACCEPTED = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
    "image/jpeg",
    "image/tiff",
}


def _image(fmt: str, **params) -> bytes:
    out = io.BytesIO()
    frames = [Image.new("RGB", (24, 16), (200, 30, 30)), Image.new("L", (12, 20), 90)]
    if fmt == "TIFF":
        frames[0].save(out, fmt, save_all=True, append_images=frames[1:], **params)
    else:
        frames[0].save(out, fmt, **params)
    return out.getvalue()


@cache
def seeds() -> dict[str, list[bytes]]:
    """Small valid files: small enough that a mutation often lands in structure rather than in pixels."""
    return {
        "pdf": [
            make_pdf("合同", ["第一条"]),
            bad_files.pdf_with_open_destination(),
            bad_files.pdf_with_hidden_javascript(),  # xref stream and object stream
        ],
        "docx": [make_docx("补充协议", ["甲方", "乙方"])],
        "png": [make_png(40, 30)],
        "jpeg": [_image("JPEG", quality=80)],
        "tiff": [
            _image("TIFF"),
            _image("TIFF", compression="tiff_lzw"),
            bad_files.tiff_frames([(8, 8), (4, 4)]),
        ],
    }


@st.composite
def positions(draw, size: int):
    """An offset in a file of `size` bytes, near the head or the tail half the time."""
    region = draw(st.sampled_from(["head", "tail", "anywhere"]))
    if region == "head":
        return draw(st.integers(0, min(size, 256)))
    if region == "tail":
        return draw(st.integers(max(0, size - 256), size))
    return draw(st.integers(0, size))


@st.composite
def mutated(draw, kind: str):
    data = bytearray(draw(st.sampled_from(seeds()[kind])))
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["truncate", "flip", "splice", "noise", "repeat"]))
        at = draw(positions(len(data)))
        if operation == "truncate":
            data = data[:at]
        elif operation == "flip":
            for offset in range(draw(st.integers(1, 8))):
                if at + offset < len(data):
                    data[at + offset] ^= draw(st.integers(1, 255))
        elif operation == "splice":
            other = draw(st.sampled_from([s for group in seeds().values() for s in group]))
            start = draw(st.integers(0, len(other)))
            piece = other[start : start + draw(st.integers(1, 512))]
            end = at + draw(st.integers(0, 64))
            data[at:end] = piece
        elif operation == "noise":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            piece = data[at : at + draw(st.integers(1, 256))]
            data[at:at] = piece * draw(st.integers(2, 64))
    return bytes(data)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about the corrupt EXIF it was given
@pytest.mark.parametrize("kind", ["pdf", "docx", "png", "jpeg", "tiff"])
def test_mutated_files_are_accepted_or_refused_with_a_4xx(kind):
    @seed(20260907)
    @settings(
        max_examples=EXAMPLES_PER_FORMAT,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=mutated(kind))
    def check(data):
        try:
            inspection = inspect_upload(io.BytesIO(data))
        except DomainError as refused:
            assert 400 <= refused.status < 500, (refused.status, refused.code)
            assert str(refused.detail)
        else:
            assert inspection.media_type in ACCEPTED
            assert inspection.size == len(data)

    check()


@pytest.mark.parametrize("kind", ["pdf", "docx", "png", "jpeg", "tiff"])
def test_the_seeds_themselves_are_accepted(kind):
    for data in seeds()[kind]:
        assert inspect_upload(io.BytesIO(data)).media_type in ACCEPTED
