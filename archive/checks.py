"""Four-property check (四性检测): authenticity, integrity, usability, security; per record and per batch."""

from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.audit_model import AuditEvent
from archive import conf, selectors
from archive.models import ArchiveRecord
from storage.base import rehash
from storage.registry import get_store

PROPERTIES = ("authenticity", "integrity", "usability", "security")
LABELS = {"authenticity": "真实性", "integrity": "完整性", "usability": "可用性", "security": "安全性"}
REQUIRED = ("archival_code", "title", "year", "fonds_id", "category_id", "retention_id", "department_id")


@dataclass
class Item:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class RecordReport:
    record_id: int
    archival_code: str
    results: dict = field(default_factory=dict)  # property -> list[Item]

    @property
    def ok(self) -> bool:
        return all(item.ok for items in self.results.values() for item in items)

    def passed(self, prop: str) -> bool:
        return all(item.ok for item in self.results.get(prop, []))

    def as_dict(self) -> dict:
        return {
            "record": self.record_id,
            "archival_code": self.archival_code,
            "ok": self.ok,
            "properties": {
                prop: {"ok": self.passed(prop), "checks": [asdict(i) for i in self.results.get(prop, [])]}
                for prop in PROPERTIES
            },
        }


def _open_check(stream_bytes_reader, media_type: str) -> tuple[bool, str]:
    """Does the file open as what it claims to be?"""
    from docstore.validation import inspect_upload

    try:
        inspection = inspect_upload(stream_bytes_reader)
    except Exception as exc:  # any refusal means it does not open cleanly
        return False, str(getattr(exc, "detail", exc))
    if inspection.media_type != media_type:
        return False, _("文件实际格式 %(real)s 与登记的 %(claimed)s 不符") % {
            "real": inspection.media_type,
            "claimed": media_type,
        }
    return True, inspection.media_type


def check_record(record: ArchiveRecord, *, chain=None, gaps_cache=None) -> RecordReport:
    report = RecordReport(record.pk, record.archival_code)
    version = record.version
    store = get_store()
    disposed = record.status == ArchiveRecord.Status.DISPOSED
    # Authenticity: the bytes hash to what was filed; metadata agrees with the file.
    auth = []
    present = (not disposed) and store.exists(version.sha256)
    if disposed:
        auth.append(Item("hash", True, _("已按销毁清册销毁，文件不再保存")))
    elif not present:
        auth.append(Item("hash", False, _("文件缺失")))
    else:
        actual = rehash(store, version.sha256)
        auth.append(
            Item(
                "hash",
                actual == version.sha256,
                version.sha256 if actual == version.sha256 else _("哈希不符"),
            )
        )
    auth.append(
        Item(
            "metadata",
            record.page_count == version.page_count and record.version.document_id == record.document_id,
            _("页数 %(a)s / 文件 %(b)s") % {"a": record.page_count, "b": version.page_count},
        )
    )
    report.results["authenticity"] = auth
    # Integrity: metadata complete, no gaps in the item-number series.
    missing = [name for name in REQUIRED if not getattr(record, name)]
    names = [str(ArchiveRecord._meta.get_field(name.removesuffix("_id")).verbose_name) for name in missing]
    integ = [Item("metadata_complete", not missing, "、".join(names))]
    key = (record.fonds_id, record.category_id, record.year, record.retention_id, record.department_id)
    if gaps_cache is not None and key in gaps_cache:
        gaps = gaps_cache[key]
    else:
        gaps = selectors.item_number_gaps(record)
        if gaps_cache is not None:
            gaps_cache[key] = gaps
    integ.append(Item("no_gaps", not gaps, ", ".join(map(str, gaps[:20]))))
    report.results["integrity"] = integ
    # Usability: the file opens, its format is allowed.
    usable = [Item("format_allowed", version.media_type in conf.allowed_formats(), version.media_type)]
    if present:
        with store.open(version.sha256) as stream:
            import tempfile

            with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as copy:
                while chunk := stream.read(1024 * 1024):
                    copy.write(chunk)
                copy.seek(0)
                ok, detail = _open_check(copy, version.media_type)
        usable.append(Item("opens", ok, detail))
    elif not disposed:
        usable.append(Item("opens", False, _("文件缺失")))
    report.results["usability"] = usable
    # Security: the audit trail is intact and holds the filing event.
    if chain is None:
        chain = audit.verify_chain()
    checked, broken = chain
    sec = [
        Item(
            "audit_chain",
            broken is None,
            _("审计链完整（%(n)s 条）") % {"n": checked}
            if broken is None
            else _("第 %(seq)s 条：%(reason)s") % {"seq": broken.seq, "reason": broken.reason},
        )
    ]
    filed = AuditEvent.objects.filter(
        action="archive.filed", object_type="archive.archiverecord", object_id=str(record.pk)
    ).exists()
    sec.append(Item("filing_audited", filed, "" if filed else _("缺少归档审计记录")))
    report.results["security"] = sec
    return report


def check_labels() -> dict:
    """What each check code means, for the report page (the API keeps the codes)."""
    return {
        "hash": _("文件哈希与归档时一致"),
        "metadata": _("著录页数与文件一致"),
        "metadata_complete": _("著录项完整"),
        "no_gaps": _("件号连续"),
        "format_allowed": _("格式符合归档要求"),
        "opens": _("文件可正常打开"),
        "audit_chain": _("审计链完整"),
        "filing_audited": _("归档有审计记录"),
    }


def media_label(media_type: str) -> str:
    names = {
        "application/pdf": "PDF",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word 文档（DOCX）"),
        "image/png": _("PNG 图片"),
        "image/jpeg": _("JPEG 图片"),
        "image/tiff": _("TIFF 图片"),
    }
    return str(names.get(media_type, media_type))


def for_display(report: dict) -> dict:
    """The report as a person reads it: each check named, formats by name, the time in local time."""
    from django.utils.dateparse import parse_datetime

    labels = check_labels()
    shown = {**report, "checked_at": timezone.localtime(parse_datetime(report["checked_at"]))}
    records = []
    for row in report["records"]:
        properties = {}
        for prop, value in row["properties"].items():
            checks = []
            for check in value["checks"]:
                detail = check["detail"]
                if check["name"] in ("format_allowed", "opens") and check["ok"]:
                    detail = media_label(detail)
                checks.append({**check, "label": labels.get(check["name"], check["name"]), "detail": detail})
            properties[prop] = {**value, "checks": checks}
        records.append({**row, "properties": properties})
    shown["records"] = records
    return shown


def check_batch(records) -> dict:
    chain = audit.verify_chain()
    gaps_cache: dict = {}
    reports = [
        check_record(r, chain=chain, gaps_cache=gaps_cache)
        for r in records.select_related("version", "fonds", "category", "retention", "department")
    ]
    summary = {prop: sum(1 for r in reports if r.passed(prop)) for prop in PROPERTIES}
    return {
        "checked_at": timezone.now().isoformat(),
        "count": len(reports),
        "ok": all(r.ok for r in reports),
        "passed": summary,
        "records": [r.as_dict() for r in reports],
    }
