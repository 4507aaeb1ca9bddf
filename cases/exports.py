"""The ledger, the loan-release register and the collection plan as XLSX, through the shared writer
(core.exports: streamed, formula-safe)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import ledger_rows
from core import exports
from core.exports import Column, Sheet

DATE = "yyyy-mm-dd"
MONEY = "#,##0.00"


def _day(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def ledger_columns() -> list[Column]:
    return [
        Column(_("项目"), 14), Column(_("房号"), 10), Column(_("客户"), 16), Column(_("联系电话"), 14),
        Column(_("签约日期"), 12, DATE), Column(_("合同编号"), 16), Column(_("备案号"), 16),
        Column(_("总价"), 14, MONEY), Column(_("付款方式"), 10), Column(_("首付款"), 14, MONEY),
        Column(_("贷款银行"), 16), Column(_("贷款金额"), 14, MONEY), Column(_("贷款年限"), 8),
        Column(_("已收款"), 14, MONEY), Column(_("按揭进度"), 14),
    ]  # fmt: skip


def ledger_row(row: dict) -> list:
    return [
        row["dossier__project"], f"{row['dossier__building']}-{row['dossier__unit']}", row["customers"],
        row["phone"], row["signed_on"], row["contract_number"], row["filing_number"], row["total_price"],
        row["payment_method_label"], row["down_payment"], row["loan_bank"], row["loan_amount"], row["loan_years"],
        row["received"], row["progress"] or "",
    ]  # fmt: skip


def ledger_xlsx(queryset):
    rows = (ledger_row(row) for row in ledger_rows(queryset))
    name = f"customer-ledger-{timezone.localdate():%Y%m%d}"
    return exports.xlsx_response(f"{name}.xlsx", [Sheet(_("客户台账"), ledger_columns(), rows)])


def register_columns() -> list[Column]:
    return [
        Column(_("房号"), 10), Column(_("客户"), 16), Column(_("银行"), 16), Column(_("贷款类型"), 10),
        Column(_("贷款金额"), 14, MONEY), Column(_("贷款年限"), 8), Column(_("面签日期"), 12, DATE),
        Column(_("审批日期"), 12, DATE), Column(_("抵押日期"), 12, DATE), Column(_("放款日期"), 12, DATE),
        Column(_("到账金额"), 14, MONEY), Column(_("通知财务日期"), 12, DATE),
    ]  # fmt: skip


def register_row(row: dict) -> list:
    return [
        f"{row['project']} {row['unit']}", row["customer"], row["bank"], row["loan_type"], row["amount"],
        row["years"], _day(row["signing"]), _day(row["approval"]), _day(row["mortgage"]), _day(row["release"]),
        row["received"], _day(row["reported"]),
    ]  # fmt: skip


def register_xlsx(month: datetime.date, rows: list[dict]):
    title = _("按揭放款情况登记表 %(m)s") % {"m": f"{month:%Y-%m}"}
    sheet = Sheet(title, register_columns(), (register_row(r) for r in rows))
    return exports.xlsx_response(f"loan-releases-{month:%Y-%m}.xlsx", [sheet])


def plan_xlsx(plan: dict):
    expected = Sheet(
        _("预计放款"),
        [
            Column(_("当前步骤"), 16),
            Column(_("银行"), 16),
            Column(_("件数"), 8),
            Column(_("金额"), 14, MONEY),
        ],
        ([r["step"], r["bank"], r["cases"], r["amount"]] for r in plan["expected"]),
    )
    by_bank = Sheet(
        _("按银行对比"),
        [
            Column(_("银行"), 16),
            Column(_("预计件数"), 10),
            Column(_("预计金额"), 14, MONEY),
            Column(_("实际笔数"), 10),
            Column(_("实际金额"), 14, MONEY),
        ],  # fmt: skip
        (
            [r["bank"], r["expected_cases"], r["expected_amount"], r["actual_payments"], r["actual_amount"]]
            for r in plan["by_bank"]
        ),  # fmt: skip
    )
    return exports.xlsx_response(f"collection-plan-{plan['month']}.xlsx", [expected, by_bank])
