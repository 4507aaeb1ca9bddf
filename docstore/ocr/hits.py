"""Reads over the recognised lines: which lines of a page a search hit, and on which page a document's first
hit lies (the viewer draws the boxes of those lines over the page image)."""

import unicodedata

from docstore.models import OcrPage


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def matches(line_text: str, terms: list[str]) -> bool:
    """A line is hit when it holds a term, or when it is part of a longer term (a phrase broken over lines)."""
    line = _plain(line_text)
    return bool(line) and any(t in line or (len(line) >= 2 and line in t) for t in terms if t)


def page_hits(version_id: int, page: int, terms: list[str]) -> list[list[float]]:
    """Boxes ([x0, y0, x1, y1] in fractions of the page image) of the recognised lines that hold a term."""
    terms = [_plain(t) for t in terms]
    row = OcrPage.objects.filter(version_id=version_id, page=page).values_list("lines", flat=True).first()
    return [line["box"] for line in row or [] if matches(line["text"], terms)]


def version_hits(version_id: int, terms: list[str]) -> dict[int, list[list[float]]]:
    """{page: boxes of its recognised lines that hold a term}, for every page of a version that has any."""
    terms = [_plain(t) for t in terms]
    found: dict[int, list[list[float]]] = {}
    rows = OcrPage.objects.filter(version_id=version_id).order_by("page").values_list("page", "lines")
    for page, lines in rows.iterator():
        boxes = [line["box"] for line in lines or [] if matches(line["text"], terms)]
        if boxes:
            found[page] = boxes
    return found


def first_hit_pages(version_ids, terms: list[str]) -> dict[int, int]:
    """{version id: the first page whose recognised text holds a term}, for the versions that have one."""
    terms = [_plain(t) for t in terms]
    found: dict[int, int] = {}
    if not terms:
        return found
    rows = OcrPage.objects.filter(version_id__in=list(version_ids)).order_by("version_id", "page")
    for version_id, page, text in rows.values_list("version_id", "page", "text").iterator():
        if version_id not in found and any(t in _plain(text) for t in terms if t):
            found[version_id] = page
    return found
