"""The one writer behind every CSV and XLSX export: streamed, and never a live formula.

A cell that starts with = + - @, a tab or a carriage return would run as a formula when the file is opened
in a spreadsheet (CSV injection). Such text is written as text: with a leading apostrophe in CSV, as a
string cell in XLSX. Numbers, dates and booleans stay typed values. Control characters that XML cannot hold
(a title may carry one) become U+FFFD in XLSX rather than failing the whole export.
"""

import csv
import datetime
import decimal
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The characters XML 1.0 forbids (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls other than tab, LF and CR.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_text(value) -> str:
    return _XML_ILLEGAL.sub("\ufffd", str(value))


def csv_cell(value):
    """A CSV cell: text that looks like a formula gets a leading apostrophe; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return value
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


@dataclass
class Column:
    label: str
    width: float | None = None  # in characters; None = openpyxl's default
    number_format: str | None = None  # e.g. "yyyy-mm-dd" for a date column, "@" for text


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence]
    freeze_header: bool = True
    autofilter: bool = True
    extra: dict = field(default_factory=dict)

    def column_objects(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


def masked(rows: Iterable[Sequence]):
    """The rows with every ID number in their text masked (core.idnumber), for readers who may not see them
    whole (field staff): a purpose or a note may carry one."""
    from core import idnumber

    for row in rows:
        yield [idnumber.mask_in_text(v) if isinstance(v, str) else v for v in row]


def attachment_header(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, columns: Sequence[Column | str], rows: Iterable[Sequence]):
    """Streams row by row; a BOM first so that Excel reads the Chinese as UTF-8."""
    writer = csv.writer(_Echo())
    labels = [c.label if isinstance(c, Column) else str(c) for c in columns]

    def generate():
        yield "\ufeff"
        yield writer.writerow([csv_cell(label) for label in labels])
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_header(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _xlsx_cell(sheet, value, column: Column):
    """Typed values stay typed; every text is an explicit string cell (never parsed as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        value = ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(sheet)
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.time):
        cell.value = value
    else:
        cell.value = xlsx_text(value)
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if column.number_format:
        cell.number_format = column.number_format
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(target, sheets: Sequence[Sheet]) -> None:
    """openpyxl's write-only mode: one row in memory at a time."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(xlsx_text(spec.title)[:31])
        columns = spec.column_objects()
        for index, column in enumerate(columns, start=1):
            if column.width:
                sheet.column_dimensions[get_column_letter(index)].width = column.width
        if spec.freeze_header:
            sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet)
            cell.value = xlsx_text(column.label)
            cell.data_type = "s"
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value, columns[i]) for i, value in enumerate(row)])
            count += 1
        if spec.autofilter and columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(target)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> FileResponse:
    """Spooled to a temporary file (memory up to 8 MB), then streamed."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(spool, sheets)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def tabular_response(fmt: str, filename_stem: str, sheets: Sequence[Sheet]):
    """`fmt` is "csv" (the first sheet only) or "xlsx"."""
    if fmt == "csv":
        first = sheets[0]
        return csv_response(f"{filename_stem}.csv", first.columns, first.rows)
    return xlsx_response(f"{filename_stem}.xlsx", sheets)
