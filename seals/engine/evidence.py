"""Comparing photos or scans of stamped paper with the approved version, page by page.

Each page is compared by its text when both sides have some (the PDF's text layer, or OCR of the photo through
`text_reader`) and otherwise by its look: the page's ink without the seal's red, straightened, cropped to the
paper's inside and reduced to a small grid, compared by correlation. The pages are lined up in order with
gaps allowed (a sequence alignment), so a missing, extra or swapped page shows as such. The red-seal
detector (seals.engine.redseal) counts the impressions on each page.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from core.pdfium import PDFIUM_LOCK
from seals.engine import redseal

RENDER_WIDTH = 700  # pixels across a page: about 3.3 px per mm on A4, enough for blobs and layout
GRID = (48, 68)  # the look of a page: columns × rows
INNER = 0.07  # the look ignores this share of the paper on each side (a photo's corners, shadows)
PAPER_LEVEL = 170  # brighter than this is paper (the desk or scanner lid around it is darker)
INK_LEVEL = 150  # darker than this is print
SAME_PAGE = 0.55  # a page whose similarity is below this does not match
DESKEW_DEGREES = np.arange(-4.0, 4.01, 0.5)


class EvidenceError(ValueError):
    """The evidence file cannot be read."""


# A hook for OCR: a function (PIL image) -> text or None. The OCR of the document pipeline sets it, and
# pages without a text layer are then compared by their text as well as by their look.
text_reader: Callable[[Image.Image], str | None] | None = None


@dataclass
class Page:
    image: Image.Image  # RGB
    width_mm: float  # of the paper as the approved page has it
    height_mm: float
    text: str = ""
    text_from: str = ""  # "layer" | "ocr" | ""


@dataclass
class PageResult:
    approved: int | None  # 1-based page numbers, None for a gap
    evidence: int | None
    similarity: float | None = None
    compared_by: str = ""  # "text" | "image"
    seals: list = field(default_factory=list)
    expected_seals: int | None = None
    problems: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "approved": self.approved,
            "evidence": self.evidence,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "compared_by": self.compared_by,
            "seals": [b.as_dict() for b in self.seals],
            "expected_seals": self.expected_seals,
            "problems": self.problems,
        }


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has, without rendering them (the upload checks the file is readable)."""
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise EvidenceError(str(exc)) from exc
        try:
            return len(doc)
        finally:
            doc.close()


def render(pdf: bytes, width_px: int = RENDER_WIDTH) -> list[Page]:
    """Every page of a PDF as an image and its text layer."""
    pages = []
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise EvidenceError(str(exc)) from exc
        try:
            for index in range(len(doc)):
                page = doc[index]
                try:
                    width, height = page.get_size()
                    image = page.render(scale=width_px / width).to_pil().convert("RGB")
                    textpage = page.get_textpage()
                    text = textpage.get_text_range()
                    textpage.close()
                finally:
                    page.close()
                pages.append(
                    Page(image, width * 25.4 / 72, height * 25.4 / 72, text, "layer" if text.strip() else "")
                )
        finally:
            doc.close()
    return pages


def _paper_box(gray: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the paper: the bright rows and columns of the photo."""
    bright = gray > PAPER_LEVEL
    rows = np.flatnonzero(bright.mean(axis=1) > 0.5)
    cols = np.flatnonzero(bright.mean(axis=0) > 0.5)
    if not len(rows) or not len(cols):
        return 0, 0, gray.shape[1], gray.shape[0]
    return cols[0], rows[0], cols[-1] + 1, rows[-1] + 1


def paper(image: Image.Image) -> Image.Image:
    """The paper cut out of a photo or scan (the whole image when it is all paper)."""
    gray = np.asarray(image.convert("L"))
    return image.crop(_paper_box(gray))


def _ink(image: Image.Image) -> np.ndarray:
    """Darkness of print (0..1), with the seal's red taken out."""
    gray = np.asarray(image.convert("L"), dtype=np.float32)
    ink = np.clip((INK_LEVEL + 40 - gray) / 80, 0, 1)
    ink[redseal.red_mask(image)] = 0
    return ink


def _straighten(ink: np.ndarray) -> np.ndarray:
    """Rotate the ink so that its lines of text run level (the angle with the sharpest row profile)."""
    small = Image.fromarray((ink * 255).astype(np.uint8))
    small.thumbnail((400, 400))
    best, best_score = 0.0, -1.0
    for angle in DESKEW_DEGREES:
        rows = np.asarray(small.rotate(float(angle), resample=Image.Resampling.BILINEAR), dtype=np.float32)
        score = float(rows.sum(axis=1).var())
        if score > best_score:
            best, best_score = float(angle), score
    if best == 0.0:
        return ink
    rotated = Image.fromarray((ink * 255).astype(np.uint8)).rotate(best, resample=Image.Resampling.BILINEAR)
    return np.asarray(rotated, dtype=np.float32) / 255


def look(image: Image.Image) -> np.ndarray:
    """A page's look: its straightened ink inside the paper's margins, on a small grid, zero mean, unit norm."""
    ink = _straighten(_ink(paper(image)))
    h, w = ink.shape
    dx, dy = int(w * INNER), int(h * INNER)
    inner = ink[dy : h - dy, dx : w - dx]
    grid = Image.fromarray((inner * 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(radius=max(w // 300, 1))
    )
    vector = np.asarray(grid.resize(GRID, Image.Resampling.BOX), dtype=np.float32).ravel()
    vector -= vector.mean()
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def _evidence_text(page: Page) -> Page:
    if not page.text.strip() and text_reader is not None:
        text = text_reader(page.image)
        if text and text.strip():
            page.text, page.text_from = text, "ocr"
    return page


def similarity_matrix(approved: list[Page], evidence: list[Page]) -> tuple[np.ndarray, list[list[str]]]:
    """Similarity of every evidence page to every approved page, and how each was measured."""
    looks_a = [look(p.image) for p in approved]
    looks_e = [look(p.image) for p in evidence]  # a few hundred numbers each: cheap to compare
    sims = np.zeros((len(evidence), len(approved)), dtype=np.float32)
    how = [["image"] * len(approved) for _ in evidence]
    # Pages come in order: page i can only be page j when no more pages than the counts differ by are missing
    # or extra before it (plus a little slack for a swap); farther pairs are not compared (similarity 0).
    band = abs(len(evidence) - len(approved)) + 2
    for i, ev in enumerate(evidence):
        for j, ap in enumerate(approved):
            if abs(i - j) > band:
                continue
            if ev.text.strip() and ap.text.strip():
                sims[i, j], how[i][j] = text_similarity(ev.text, ap.text), "text"
            else:
                sims[i, j] = max(float(looks_e[i] @ looks_a[j]), 0.0)
    return sims, how


def align(sims: np.ndarray) -> list[tuple[int | None, int | None]]:
    """Pairs (evidence index, approved index) in page order, None for a page missing on one side.

    A sequence alignment: a match scores its similarity less SAME_PAGE, a gap scores nothing, so a pair is
    kept when it is more alike than not and the order of the pages is kept."""
    n, m = sims.shape
    score = np.zeros((n + 1, m + 1), dtype=np.float64)
    step = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 match, 1 evidence extra, 2 approved missing
    step[1:, 0], step[0, 1:] = 1, 2
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = (
                score[i - 1, j - 1] + sims[i - 1, j - 1] - SAME_PAGE + 1e-6,
                score[i - 1, j],
                score[i, j - 1],
            )
            step[i, j] = int(np.argmax(options))
            score[i, j] = options[step[i, j]]
    pairs = []
    i, j = n, m
    while i or j:
        move = step[i, j]
        if move == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move == 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _merge_swaps(pairs: list) -> list:
    """An extra evidence page next to a missing approved page is one page that differs."""
    out: list = []
    for pair in pairs:
        if out and pair[0] is None and out[-1][1] is None and out[-1][0] is not None:
            out[-1] = (out[-1][0], pair[1])
        elif out and pair[1] is None and out[-1][0] is None and out[-1][1] is not None:
            out[-1] = (pair[0], out[-1][1])
        else:
            out.append(pair)
    return out


@dataclass
class Report:
    pages: list[PageResult]
    findings: list[dict]  # {"code": ..., and the numbers}; empty when everything matches
    approved_pages: int
    evidence_pages: int

    @property
    def matched(self) -> bool:
        return not self.findings


def compare(
    approved: list[Page],
    evidence: list[Page],
    *,
    impressions: int,
    cross_page: bool = False,
    placements: list | None = None,
) -> Report:
    """Compare evidence pages with approved pages.

    `impressions`: the ordinary impressions approved (the cross-page seal not counted); `placements`: where
    they go ([{page, x_mm, y_mm}], resolved), when the approval says, so that each page is checked too."""
    evidence = [_evidence_text(p) for p in evidence]
    sims, how = similarity_matrix(approved, evidence)
    pairs = _merge_swaps(align(sims))
    expected_on = {}
    for p in placements or []:
        expected_on[p["page"]] = expected_on.get(p["page"], 0) + 1
    findings: list[dict] = []
    if len(evidence) != len(approved):
        findings.append({"code": "page_count", "expected": len(approved), "found": len(evidence)})
    results, found_total = [], 0
    for e, a in pairs:
        row = PageResult(approved=None if a is None else a + 1, evidence=None if e is None else e + 1)
        if e is not None:
            ev = evidence[e]
            # the blobs in the approved page's millimetres: the photo's paper is scaled to it
            shape = approved[a] if a is not None else ev
            row.seals = redseal.find_seals(paper(ev.image), shape.width_mm, shape.height_mm)
            found_total += sum(1 for b in row.seals if not b.strip)
        if e is not None and a is not None:
            row.similarity, row.compared_by = float(sims[e, a]), how[e][a]
            if row.similarity < SAME_PAGE:
                row.problems.append("page_differs")
                findings.append({"code": "page_differs", "page": a + 1, "evidence_page": e + 1})
        elif a is not None:
            row.problems.append("page_missing")
            findings.append({"code": "page_missing", "page": a + 1})
        else:
            row.problems.append("page_extra")
            findings.append({"code": "page_extra", "evidence_page": e + 1})
        if a is not None and placements is not None:
            row.expected_seals = expected_on.get(a + 1, 0)
            here = sum(1 for b in row.seals if not b.strip)
            if e is not None and here != row.expected_seals:
                row.problems.append("impressions_on_page")
                findings.append(
                    {
                        "code": "impressions_on_page",
                        "page": a + 1,
                        "expected": row.expected_seals,
                        "found": here,
                    }
                )
        if cross_page and e is not None and not any(b.strip for b in row.seals):
            row.problems.append("cross_page_missing")
            findings.append({"code": "cross_page_missing", "page": row.approved, "evidence_page": e + 1})
        results.append(row)
    if found_total > impressions:
        findings.append({"code": "impressions_extra", "expected": impressions, "found": found_total})
    elif found_total < impressions:
        findings.append({"code": "impressions_missing", "expected": impressions, "found": found_total})
    return Report(results, findings, len(approved), len(evidence))
