"""The seal-use register as CSV and XLSX, through the shared export writer (streamed, formula-safe)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.exports import Column, Sheet

HEADERS = [
    ("made_on", gettext_lazy("用印日期")),
    ("seal", gettext_lazy("印章")),
    ("document", gettext_lazy("文件名称")),
    ("dossier", gettext_lazy("案卷")),
    ("request", gettext_lazy("申请编号")),
    ("requester", gettext_lazy("申请人")),
    ("approver", gettext_lazy("审批人")),
    ("recorded_by", gettext_lazy("用印人")),
    ("count", gettext_lazy("次数")),
    ("mode", gettext_lazy("用印方式")),
    ("anomaly", gettext_lazy("异常")),
    ("reason", gettext_lazy("说明")),
]


def _rows(queryset):
    for row in queryset.iterator(chunk_size=500):
        yield [
            row.made_on,
            row.seal.name,
            row.document.title,
            str(row.dossier) if row.dossier_id else "",
            row.request_id,
            row.requester.label,
            row.approver.label,
            row.recorded_by.label,
            row.count,
            row.get_mode_display(),
            _("是") if row.anomaly else "",
            row.reason,
        ]


def _columns() -> list[Column]:
    return [Column(str(label)) for _key, label in HEADERS]


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
                [_("月份"), _("印章"), _("次数")],
                ([entry["month"], entry["seal"], entry["total"]] for entry in monthly),
            )
        )
    return exports.xlsx_response(_filename("xlsx"), sheets)
