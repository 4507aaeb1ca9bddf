"""Suggestions from a document's text (its text layer or its OCR alike): the contract number, resident ID numbers
(GB 11643 check digit and birth date validated), the unit ("3-1502"), amounts (大写 and 小写, checked against
each other) and dates. Pure functions over a string: nothing is filled from here; the clerk confirms one
suggestion at a time (docstore.services.suggestions)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
UPPER_DIGITS = {
    "零": 0,
    "〇": 0,
    "壹": 1,
    "贰": 2,
    "貳": 2,
    "叁": 3,
    "參": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "陸": 6,
}
UPPER_DIGITS.update({"柒": 7, "捌": 8, "玖": 9, "两": 2})
UPPER_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
UPPER_FRACTION = {"角": 10, "分": 100}
KINDS = ("contract_number", "id_number", "unit", "amount", "date")


@dataclass(frozen=True)
class Suggestion:
    kind: str  # one of KINDS
    value: str  # what a confirmation writes
    context: str = ""  # the words around it in the text
    checked: bool = True  # an amount whose 大写 and 小写 agree; an ID whose check digit holds
    details: dict = field(default_factory=dict, hash=False, compare=False)


def _flat(text: str) -> str:
    """NFKC (full-width digits and colons become ASCII); OCR's stray spaces between digits and a page's line
    breaks inside a figure removed."""
    text = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n")
    text = re.sub(r"(?<=[\d,.])[ \t]*\n[ \t]*(?=[\d,.])", "", text)
    return re.sub(r"(?<=[\dXx])[ \t]+(?=[\dXx])", "", text)


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def id_number_valid(number: str) -> bool:
    """An 18-character resident ID number: its check digit (GB 11643-1999, ISO 7064 MOD 11-2) and its birth date."""
    number = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    if ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True)) % 11] != number[17]:
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def id_numbers(text: str) -> list[Suggestion]:
    flat = _flat(text)
    out = []
    for match in re.finditer(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])", flat):
        number = match.group(1).upper()
        if id_number_valid(number):
            out.append(Suggestion("id_number", number, _context(flat, *match.span())))
    return out


def contract_numbers(text: str) -> list[Suggestion]:
    flat = _flat(text)
    out = []
    for match in re.finditer(
        r"合同(?:编号|号)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/〔〕\[\]()]{3,39})", flat
    ):
        out.append(Suggestion("contract_number", match.group(1).strip("-_/"), _context(flat, *match.span())))
    return out


def units(text: str) -> list[Suggestion]:
    """Building-unit labels such as 3-1502 (a building of 1-2 digits, a unit of 3-4), not parts of longer codes
    or dates."""
    flat = _flat(text)
    out = []
    for match in re.finditer(r"(?<![A-Za-z0-9_\-.])(\d{1,2})-(\d{3,4})(?![A-Za-z0-9_\-.])", flat):
        out.append(
            Suggestion("unit", f"{int(match.group(1))}-{match.group(2)}", _context(flat, *match.span()))
        )
    return out


def parse_upper(words: str) -> int | None:
    """An amount in 大写 as fen (hundredths of a yuan): 壹佰贰拾叁万肆仟伍佰陆拾柒元伍角整 -> 12345675."""
    words = words.replace("圆", "元").replace("整", "").replace("正", "")
    yuan_part, _, fraction = words.partition("元")
    above, wan, section, digit = 0, 0, 0, None  # the 亿 part, the 万 part, the part below 万
    for ch in yuan_part:
        if ch in UPPER_DIGITS:
            digit = UPPER_DIGITS[ch]
        elif ch in UPPER_UNITS:
            section += (1 if digit is None else digit) * UPPER_UNITS[ch]
            digit = None
        elif ch in ("万", "萬"):
            wan, section, digit = (section + (digit or 0)) * 10_000, 0, None
        elif ch in ("亿", "億"):
            above, wan, section, digit = (above + wan + section + (digit or 0)) * 100_000_000, 0, 0, None
        else:
            return None
    yuan = above + wan + section + (digit or 0)
    fen, digit = 0, None
    for ch in fraction:
        if ch in UPPER_DIGITS:
            digit = UPPER_DIGITS[ch]
        elif ch in UPPER_FRACTION and digit is not None:
            fen += digit * (100 // UPPER_FRACTION[ch])
            digit = None
        else:
            return None
    return yuan * 100 + fen


UPPER_RE = re.compile(
    r"([零〇壹贰貳叁參肆伍陆陸柒捌玖两拾佰仟万萬亿億]+[元圆](?:[零〇壹贰叁肆伍陆柒捌玖][角分])*[整正]?)"
)
LOWER_RE = re.compile(
    r"(?:[¥￥]|小写[:：]?\s*(?:人民币)?|RMB)\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*元?"
)


def amounts(text: str) -> list[Suggestion]:
    """Each amount in 大写 with the 小写 figure that follows it within 40 characters (checked equal), and each
    小写 figure that no 大写 amount claimed (unchecked)."""
    flat = _flat(text)
    out, claimed = [], set()
    lowers = [(m.start(), m.end(), m.group(1)) for m in LOWER_RE.finditer(flat)]
    for match in UPPER_RE.finditer(flat):
        fen = parse_upper(match.group(1))
        if fen is None or fen == 0:
            continue
        near = next(
            (low for low in lowers if 0 <= low[0] - match.end() <= 40 and low[0] not in claimed), None
        )
        figure = _fen(near[2]) if near else None
        if near:
            claimed.add(near[0])
        out.append(
            Suggestion(
                "amount",
                f"{fen / 100:.2f}",
                _context(flat, match.start(), near[1] if near else match.end()),
                checked=figure == fen,
                details={"upper": match.group(1), "lower": near[2] if near else "", "agree": figure == fen},
            )
        )
    for start, end, figure in lowers:
        if start not in claimed and _fen(figure):
            out.append(
                Suggestion(
                    "amount",
                    f"{_fen(figure) / 100:.2f}",
                    _context(flat, start, end),
                    checked=False,
                    details={"upper": "", "lower": figure, "agree": None},
                )
            )
    return out


def _fen(figure: str) -> int:
    yuan, _, cents = figure.replace(",", "").partition(".")
    return int(yuan) * 100 + int((cents + "00")[:2])


def dates(text: str) -> list[Suggestion]:
    flat = _flat(text)
    out = []
    pattern = r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
    for match in re.finditer(pattern, flat):
        year, month, day = (
            int(match.group(1)),
            int(match.group(2) or match.group(4)),
            int(match.group(3) or match.group(5)),
        )
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            continue
        if 1950 <= year <= 2100:
            out.append(Suggestion("date", value.isoformat(), _context(flat, *match.span())))
    return out


def extract(text: str, limit: int = 10) -> dict[str, list[Suggestion]]:
    """Every kind's suggestions, each value once (its first context), at most `limit` a kind."""
    found = {}
    for kind, func in (
        ("contract_number", contract_numbers),
        ("id_number", id_numbers),
        ("unit", units),
        ("amount", amounts),
        ("date", dates),
    ):
        seen, unique = set(), []
        for suggestion in func(text):
            if suggestion.value not in seen:
                seen.add(suggestion.value)
                unique.append(suggestion)
        found[kind] = unique[:limit]
    return found
