"""The monthly registers and the daily ledger: their content, their XLSX."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases import selectors, services
from core.errors import InvalidInput
from tests.cases.conftest import work

pytestmark = pytest.mark.django_db
D = decimal.Decimal


@pytest.fixture
def month_data(field, clerk, manager, unit, loan_template, template):
    """This month: 5-0801 released (all five dates), 6-0302 approved and waiting; 7-1201 cancelled; and a
    house card (not a mortgage)."""
    released = services.open_case(field, unit("5-0801", "建设银行", "1300000"), loan_template)
    work(released, field, 5, amount="1300000")
    waiting = services.open_case(field, unit("6-0302", "工商银行", "900000", customer="周敏"), loan_template)
    work(waiting, field, 2)
    gone = services.open_case(field, unit("7-1201"), loan_template)
    services.cancel_case(manager, gone, reason="退房")
    services.open_case(field, released.dossier, template("house_card"))
    return {"released": released, "waiting": waiting}


def test_the_loan_release_register(month_data):
    month = timezone.localdate().replace(day=1)
    rows = selectors.loan_release_register(month)
    today = timezone.localdate().isoformat()
    assert [r["unit"] for r in rows] == ["5-0801", "6-0302"]
    released, waiting = rows
    assert (released["customer"], released["bank"], released["loan_type"], released["amount"], released["years"]) == (
        "赵丽", "建设银行", "商业贷款", D("1300000.00"), 20)  # fmt: skip
    assert [released[k] for k in ("signing", "approval", "mortgage", "release", "reported")] == [today] * 5
    assert released["received"] == D("1300000.00")
    assert (waiting["signing"], waiting["mortgage"], waiting["release"], waiting["received"]) == (today, None, None,
                                                                                                 D("0"))  # fmt: skip
    assert waiting["step"] == "抵押"


def test_last_months_register_does_not_list_this_months_cases(month_data):
    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    assert selectors.loan_release_register(last) == []


def test_a_case_is_in_the_register_of_the_months_it_was_worked_on(month_data):
    """Back-dated: opened and signed last month, approved this month; nothing done on 6-0302 since last month."""
    from cases.models import Case, Step

    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    then = timezone.make_aware(datetime.datetime.combine(last, datetime.time(10)))
    waiting = month_data["waiting"]
    Case.objects.filter(pk=waiting.pk).update(opened_at=then)
    Step.objects.filter(case=waiting, number=1).update(done_at=then)
    Step.objects.filter(case=waiting, number=2).update(done_at=timezone.now())
    assert [r["unit"] for r in selectors.loan_release_register(last.replace(day=1))] == ["6-0302"]
    assert "6-0302" in [
        r["unit"] for r in selectors.loan_release_register(timezone.localdate().replace(day=1))
    ]
    Step.objects.filter(case=waiting, number=2).update(done_at=then)
    assert "6-0302" not in [
        r["unit"] for r in selectors.loan_release_register(timezone.localdate().replace(day=1))
    ]


def test_the_register_as_xlsx(month_data, web, field):
    month = timezone.localdate().strftime("%Y-%m")
    response = web(field).get(f"/cases/registers/loan-releases/?month={month}&format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:6] == ("房号", "客户", "银行", "贷款类型", "贷款金额", "贷款年限")
    assert (
        rows[1][0] == "锦绣花园 5-0801"
        and rows[1][4] == 1300000
        and rows[1][9].date() == timezone.localdate()
    )
    assert len(rows) == 3


def test_the_collection_plan(month_data, clerk):
    plan = selectors.collection_plan(timezone.localdate().replace(day=1))
    assert plan["actual"] == [{"bank": "建设银行", "payments": 1, "amount": D("1300000.00")}]
    # 6-0302 is at 抵押 (due in 10 days), then 放款 (10 more): expected this month only if that is before its end
    expected_on = timezone.localdate() + datetime.timedelta(days=20)
    if expected_on.month == timezone.localdate().month:
        assert plan["expected"] == [{"step": "抵押", "number": 3, "bank": "工商银行", "cases": 1,
                                     "amount": D("900000.00")}]  # fmt: skip
    else:
        assert plan["expected"] == []
        later = selectors.collection_plan(expected_on.replace(day=1))
        assert later["expected"][0]["bank"] == "工商银行" and later["actual"] == []
    banks = {r["bank"]: r for r in plan["by_bank"]}
    assert banks["建设银行"]["actual_amount"] == D("1300000.00")


def test_a_reversed_release_nets_out(month_data, clerk):
    from cases.models import Payment

    services.reverse_payment(clerk, Payment.objects.get(), reason="银行退回")
    plan = selectors.collection_plan(timezone.localdate().replace(day=1))
    assert plan["actual"][0]["amount"] == D("0.00")
    assert selectors.loan_release_register(timezone.localdate().replace(day=1))[0]["received"] == D("0.00")


@pytest.mark.parametrize("bad", ["2026-13", "26-01", "abc", "2026", "1999-01", "2026-00"])
def test_a_bad_month_is_refused(bad):
    with pytest.raises(InvalidInput):
        selectors.parse_month(bad)


def test_the_daily_ledger_filters_and_exports(month_data, web, clerk):
    client = web(clerk)
    html = client.get("/cases/ledger/?bank=工商").content.decode()
    assert "6-0302" in html and "5-0801" not in html and "周敏" in html
    response = client.get("/cases/ledger/?q=5-0801&format=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("项目", "房号", "客户") and [r[1] for r in rows[1:]] == ["5-0801"]
    assert rows[1][13] == 1300000  # received
