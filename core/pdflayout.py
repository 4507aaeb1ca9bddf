"""Text that fits its box on printed PDFs (labels, spines, lists, forms): a value is never cut. It shrinks
down to a floor, then wraps by character (Chinese has no spaces to break at), and when even that overflows the
box it shrinks further, so every character is printed. reportlab with its built-in CJK font."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"
LEADING = 1.25  # line height as a multiple of the font size
SMALLEST = 3.0  # below this nothing is readable; overflow instead of shrinking further
_registered = False


def font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def width_of(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font(), size)


def wrap(text, width: float, size: float) -> list[str]:
    """Lines of at most `width` points at `size`, broken between characters and at newlines."""
    lines, line = [], ""
    for ch in str(text or ""):
        if ch == "\n":
            lines.append(line)
            line = ""
        elif line and width_of(line + ch, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    lines.append(line)
    return lines


def layout(
    text, width: float, height: float, size: float, min_size: float | None = None
) -> tuple[float, list[str]]:
    """The largest size (from `size` down) at which `text` fits `width` x `height`: on one line if it can
    shrink to `min_size`, else wrapped; below `min_size` only when wrapping alone overflows the height."""
    text = str(text or "")
    floor = min(min_size or size, size, height / LEADING)  # a box lower than the floor lowers it
    one_line = min(size, width * size / max(width_of(text, size), 0.01), height / LEADING)
    if "\n" not in text and one_line >= floor:
        return one_line, [text]
    current = max(floor, SMALLEST)
    while True:
        lines = wrap(text, width, current)
        if len(lines) * current * LEADING <= height or current <= SMALLEST:
            return current, lines
        current = max(current - 0.5, SMALLEST)


def draw(
    c, text, x: float, top: float, width: float, height: float, *, size: float, min_size=None, align="left"
):
    """Draw `text` inside the box whose top-left corner is (x, top), vertically centred; returns the size used."""
    used, lines = layout(text, width, height, size, min_size)
    c.setFont(font(), used)
    block = len(lines) * used * LEADING
    y = top - max((height - block) / 2, 0) - used  # baseline of the first line
    for line in lines:
        if align == "center":
            c.drawCentredString(x + width / 2, y, line)
        else:
            c.drawString(x, y, line)
        y -= used * LEADING
    return used


def lines_height(text, width: float, size: float) -> float:
    """The height `text` takes when wrapped at `size` in `width` (for rows that grow with their content)."""
    return len(wrap(text, width, size)) * size * LEADING
