"""What every format's check shares: turning a parser's failure into the file's 4xx."""

import logging
from contextlib import contextmanager

from core.errors import DomainError, InvalidInput

log = logging.getLogger("docstore.validation")


@contextmanager
def parser_errors(message, code: str):
    """Whatever a parser raises on hostile bytes is the file's fault: a 400 with a clear message, never a 500.

    pypdf, pypdfium2, Pillow, zipfile, zlib and lxml raise dozens of unrelated types on mutated input
    (ValueError, KeyError, struct.error, zlib.error, EOFError, NotImplementedError, RecursionError, pypdf's
    LimitReachedError...), and no list of them stays complete across releases, so the boundary is
    `Exception`. It wraps parser calls only; tests/docstore/test_upload_fuzz.py keeps it honest."""
    try:
        yield
    except DomainError:
        raise
    except Exception as exc:
        log.info("upload refused (%s): %s: %s", code, type(exc).__name__, exc)
        raise InvalidInput(message, code=code) from exc
