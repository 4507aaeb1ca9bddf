"""The seal-use register as CSV and XLSX, through the shared export writer (streamed, formula-safe)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.exports import Column, Sheet

# (key, label, width in characters, number format)
HEADERS = [
    ("made_on", gettext_lazy("用印日期"), 12, "yyyy-mm-dd"),
    ("seal", gettext_lazy("印章"), 18, None),
    ("document", gettext_lazy("文件名称"), 32, None),
    ("dossier", gettext_lazy("案卷"), 20, None),
    ("purpose", gettext_lazy("用印事由"), 36, None),
    ("recipient", gettext_lazy("用印对象"), 12, None),
    ("request", gettext_lazy("申请编号"), 10, None),
    ("requester", gettext_lazy("申请人"), 10, None),
    ("approver", gettext_lazy("审批人"), 10, None),
    ("custodian", gettext_lazy("监印人"), 10, None),
    ("recorded_by", gettext_lazy("用印人"), 10, None),
    ("copies", gettext_lazy("份数"), 8, "0"),
    ("count", gettext_lazy("次数"), 8, "0"),
    ("mode", gettext_lazy("用印方式"), 10, None),
    ("anomaly", gettext_lazy("异常"), 8, None),
    ("reason", gettext_lazy("说明"), 30, None),
]


def _rows(queryset):
    for row in queryset.iterator(chunk_size=500):
        # 监印人: the seal's custodian, who keeps it and watches it being applied
        custodian = row.seal.custodian.label if row.seal.custodian_id else ""
        yield [
            row.made_on,
            row.seal.name,
            row.document.title,
            str(row.dossier) if row.dossier_id else "",
            row.request.purpose,
            row.request.get_recipient_display(),
            row.request_id,
            row.requester.label,
            row.approver.label,
            row.custodian.label if row.custodian_id else custodian,
            row.recorded_by.label,
            row.item.impressions,
            row.count,
            row.get_mode_display(),
            (_("是（授权过期后用印）") if row.expired else _("是")) if row.anomaly else "",
            row.reason,
        ]


def _columns() -> list[Column]:
    return [Column(str(label), width=width, number_format=fmt) for _key, label, width, fmt in HEADERS]


def _month(text: str):
    """ "2026-12" as a real date (the month's first day) that a spreadsheet sorts and filters as a date."""
    try:
        return datetime.date(int(text[:4]), int(text[5:7]), 1)
    except (TypeError, ValueError):
        return text


def _filename(ext: str) -> str:
    return f"seal-register-{timezone.localdate():%Y%m%d}.{ext}"


def _maybe_masked(rows, mask_ids: bool):
    return exports.masked(rows) if mask_ids else rows


def csv_response(queryset, *, mask_ids: bool = False):
    return exports.csv_response(_filename("csv"), _columns(), _maybe_masked(_rows(queryset), mask_ids))


def xlsx_response(queryset, monthly: list[dict] | None = None, *, mask_ids: bool = False):
    sheets = [Sheet(_("用印登记台账"), _columns(), _maybe_masked(_rows(queryset), mask_ids))]
    if monthly is not None:
        sheets.append(
            Sheet(
                _("月度汇总"),
                [Column(_("月份"), 10, "yyyy-mm"), Column(_("印章"), 18), Column(_("次数"), 8, "0")],
                ([_month(entry["month"]), entry["seal"], entry["total"]] for entry in monthly),
            )
        )
    return exports.xlsx_response(_filename("xlsx"), sheets)
