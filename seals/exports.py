"""The seal-use register as CSV (streamed row by row) and XLSX (openpyxl write-only, streamed from a temp file)."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    yield [str(label) for _key, label in HEADERS]
    for row in queryset.iterator(chunk_size=500):
        yield [
            row.made_on.isoformat(),
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


class _Echo:
    def write(self, value):
        return value


def _filename(ext: str) -> str:
    return f"seal-register-{timezone.localdate():%Y%m%d}.{ext}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens the Chinese text as UTF-8
        for row in _rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset, monthly: list[dict] | None = None) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("用印登记台账"))
    for row in _rows(queryset):
        sheet.append(row)
    if monthly is not None:
        totals = workbook.create_sheet(_("月度汇总"))
        totals.append([_("月份"), _("印章"), _("次数")])
        for entry in monthly:
            totals.append([entry["month"], entry["seal"], entry["total"]])
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
