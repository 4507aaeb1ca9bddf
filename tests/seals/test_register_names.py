"""Names of things (issue 11, item 12): a stamped PDF downloads as "<题名>（已盖章 v2）.pdf"; the seal-use register
on screen and in XLSX has 用印事由, 用印对象, 份数 and 监印人; the XLSX has real dates, widths, a frozen header
and an autofilter; the archive catalogue's 件号 is 4-digit text."""

import io
from datetime import date, datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from seals import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def stamped(field, make_request):
    req = make_request("approved")
    return services.stamp_item(field, req.items.get())


def test_stamped_pdf_downloads_under_its_title(web, api, clerk, stamped):
    title = stamped.document.title
    wanted = f"{title}（已盖章 v{stamped.number}）.pdf"
    for response in (
        web(clerk).get(reverse("docstore:version-download", args=[stamped.pk])),
        api(clerk).get(f"/api/v1/versions/{stamped.pk}/content"),
    ):
        disposition = response["Content-Disposition"]
        assert f"filename*=UTF-8''{quote(wanted)}" in disposition
        assert (
            f'filename="document-{stamped.document_id}-v{stamped.number}.pdf"' in disposition
        )  # ASCII fallback


def test_an_upload_keeps_its_own_name(web, clerk, document):
    response = web(clerk).get(reverse("docstore:version-download", args=[document.current_version.pk]))
    assert "filename*=UTF-8''contract.pdf" in response["Content-Disposition"]


@pytest.fixture
def impression(clerk, make_request):
    req = make_request("approved", impressions=3, mode="physical", cross_page=False, placements=[])
    return services.record_impressions(clerk, req.items.get(), count=2)


def test_register_screen_has_purpose_recipient_copies_and_custodian(web, clerk, impression):
    html = web(clerk).get(reverse("seals:register")).content.decode()
    for heading in ("用印事由", "用印对象", "份数", "监印人"):
        assert f">{heading}</th>" in html
    assert "办理按揭贷款" in html and "银行" in html and 'data-label="份数">3</td>' in html
    assert f'data-label="监印人">{clerk.label}</td>' in html  # the seal's custodian


def test_register_xlsx_columns_dates_widths_frozen_filtered(web, clerk, impression):
    response = web(clerk).get(reverse("seals:register"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for name in ("用印事由", "用印对象", "份数", "监印人"):
        assert name in header
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (
        row["用印事由"] == "办理按揭贷款"
        and row["份数"] == 3
        and row["次数"] == 2
        and row["监印人"] == clerk.label
    )
    made_on = sheet.cell(2, header.index("用印日期") + 1)
    assert isinstance(made_on.value, datetime) and made_on.value.date() == date.today()
    assert made_on.number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:P{sheet.max_row}"
    assert sheet.column_dimensions["E"].width == 36  # 用印事由
    monthly = book.worksheets[1]
    assert isinstance(monthly.cell(2, 1).value, datetime) and monthly.cell(2, 1).number_format == "yyyy-mm"


def test_catalogue_item_number_is_four_digit_text(web, clerk, document):
    from archive import services as archive

    archive.file_document(clerk, document, year=2026)
    response = web(clerk).get(reverse("archive:index"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("件号") + 1)
    assert cell.value == "0001" and cell.data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet.column_dimensions["H"].width == 40
