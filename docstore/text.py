"""The text of a version, for search: extracted by the high-priority task (docstore.tasks.extract_text), apart
from the page images, so that a document is searchable seconds after its upload.

Extraction goes through `extractors`, a list tried in order: each entry names the media types it reads and a
function `(path) -> str`; the first non-empty text wins. Another extractor (OCR of scans, say) is appended
here, from an AppConfig.ready() or this module, and runs only when the earlier ones found no text.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from docstore import purge
from docstore.models import Derivative, Version
from docstore.readable import readable_path
from docstore.validation import DOCX, PDF

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extractor:
    media_types: frozenset[str]
    extract: Callable[[str], str]  # a path to the bytes -> their text ("" when there is none)


def pdf_text(path: str) -> str:
    return join_wrapped_lines("\n".join(page_texts(path)))


def page_texts(path: str) -> list[str]:
    """The text layer of each page of the PDF at `path` (read with each page's OCR judgement: one pass)."""
    from docstore.ocr.layer import read_pdf

    return read_pdf(path)[0]


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAPPED = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def join_wrapped_lines(text: str) -> str:
    """PDF text breaks lines where the page did; a Chinese line break inside a sentence is no word
    boundary, so lines that end and start with CJK text are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _WRAPPED.sub("", text)


def docx_text(path_or_stream) -> str:
    """Body paragraphs, tables (nested too), text boxes, headers and footers: every w:t in reading order
    of each part."""
    from docx import Document as Docx
    from docx.oxml.ns import qn

    doc = Docx(path_or_stream)
    lines = []
    parts = [doc.part]
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            parts.append(rel.target_part)
    for part in parts:
        element = getattr(part, "element", None)
        if element is None:
            continue
        for paragraph in element.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")) if _owner(t) is paragraph)
            if text.strip():
                lines.append(text)
    return "\n".join(lines)


def _owner(node):
    from docx.oxml.ns import qn

    parent = node.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


extractors: list[Extractor] = [
    Extractor(frozenset({PDF}), pdf_text),
    Extractor(frozenset({DOCX}), docx_text),
]


def extract_text(version: Version) -> str:
    """The first non-empty text an extractor for the version's media type finds ("" when none does)."""
    candidates = [e for e in extractors if version.media_type in e.media_types]
    if not candidates:
        return ""
    with readable_path(version) as path:
        for extractor in candidates:
            text = extractor.extract(path)
            if text and text.strip():
                return text
    return ""


def make_text(version: Version) -> Derivative:
    """Extract and keep the version's text (the derivative row is made when missing)."""
    if purge.is_disposed(version.document_id):
        return Derivative(version=version, text_status=Derivative.Status.UNSUPPORTED)
    derivative, _created = Derivative.objects.get_or_create(version=version)
    if version.encrypted:  # opened once at upload with a password that was not kept: no text
        derivative.text_status = Derivative.Status.UNSUPPORTED
        derivative.preview_status = Derivative.Status.UNSUPPORTED
        derivative.error = "encrypted, no text"
        derivative.save(update_fields=["text_status", "preview_status", "error", "updated_at"])
        return derivative
    try:
        derivative.text = extract_text(version)
        derivative.text_status = Derivative.Status.READY
    except Exception as exc:  # a broken file gets no text, never a crashed worker
        log.warning("text of version %s failed: %s", version.pk, exc)
        derivative.text_status = Derivative.Status.FAILED
        derivative.error = str(exc)[:500]
    derivative.save(update_fields=["text", "text_status", "error", "updated_at"])
    return derivative
