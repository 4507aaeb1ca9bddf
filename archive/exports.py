"""Catalogue exports (XLSX, CSV) and BagIt packages, streamed."""

import datetime
import hashlib
import json
import zipfile

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import exports
from core.exports import Column, Sheet
from core.zipstream import ZipSink
from storage.base import CHUNK_SIZE
from storage.registry import get_store

# (key, label, width in characters, number format): 件号 is text so that it keeps its four digits
COLUMNS = [
    ("archival_code", "档号", 28, None),
    ("fonds", "全宗号", 8, None),
    ("category", "门类", 6, None),
    ("year", "年度", 6, "0"),
    ("retention", "保管期限", 8, None),
    ("department", "机构", 8, None),
    ("item_number", "件号", 6, "@"),
    ("title", "题名", 40, None),
    ("responsible", "责任者", 24, None),
    ("doc_date", "文件日期", 12, "yyyy-mm-dd"),
    ("page_count", "页数", 6, "0"),
    ("box", "盒号", 6, None),
    ("status", "状态", 8, None),
    ("note", "备注", 30, None),
]


def _row(record) -> list:
    return [
        record.archival_code,
        record.fonds.code,
        record.category.code,
        record.year,
        record.retention.code,
        record.department.code,
        f"{record.item_number:04d}",
        record.title,
        record.responsible,
        record.doc_date,  # typed: a date cell in XLSX, ISO text in CSV; None is an empty cell
        record.page_count,
        record.box.box_number if record.box_id else None,
        record.get_status_display(),
        record.note,
    ]


def _rows(queryset):
    qs = queryset.select_related("fonds", "category", "retention", "department", "box").order_by(
        "archival_code"
    )
    for record in qs.iterator(chunk_size=2000):
        yield _row(record)


def _attachment(name: str) -> str:
    return exports.attachment_header(name)


def _columns() -> list[Column]:
    return [Column(_(label), width=width, number_format=fmt) for _key, label, width, fmt in COLUMNS]


def _maybe_masked(rows, mask_ids: bool):
    return exports.masked(rows) if mask_ids else rows


def csv_response(queryset, *, mask_ids: bool = False):
    rows = _maybe_masked(_rows(queryset), mask_ids)
    return exports.csv_response(f"archive-catalogue-{timezone.localdate():%Y%m%d}.csv", _columns(), rows)


def xlsx_response(queryset, *, mask_ids: bool = False):
    rows = _maybe_masked(_rows(queryset), mask_ids)
    return exports.xlsx_response(
        f"archive-catalogue-{timezone.localdate():%Y%m%d}.xlsx", [Sheet(_("档案目录"), _columns(), rows)]
    )


# --- BagIt (RFC 8493) ---------------------------------------------------------------------------


def record_metadata(record) -> dict:
    version = record.version
    return {
        "archival_code": record.archival_code,
        "fonds": record.fonds.code,
        "category": record.category.code,
        "year": record.year,
        "retention": record.retention.code,
        "department": record.department.code,
        "item_number": record.item_number,
        "title": record.title,
        "responsible": record.responsible,
        "doc_date": record.doc_date.isoformat() if record.doc_date else None,
        "page_count": record.page_count,
        "status": record.status,
        "filed_at": record.filed_at.isoformat(),
        "dossier": str(record.dossier) if record.dossier_id else None,
        "file": {
            "path": bag_path(record),
            "sha256": version.sha256,
            "size": version.size,
            "media_type": version.media_type,
            "version": version.number,
        },
    }


def bag_path(record) -> str:
    filename = record.version.filename.replace("/", "_") or "file"
    return f"data/{record.archival_code}/{filename}"


def bag_stream(records, *, bag_name: str, actor_label: str = ""):
    """Yield a zip holding one bag: payload under data/, manifests, bag-info.txt and metadata.json."""
    sink = ZipSink()
    zf = zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
    store = get_store()
    manifest: list[tuple[str, str]] = []
    octets = 0
    metadata = []
    for record in records:
        if record.status != "filed":
            continue
        path = bag_path(record)
        digest = hashlib.sha256()
        info = zipfile.ZipInfo(f"{bag_name}/{path}", date_time=record.filed_at.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with store.open(record.version.sha256) as source, zf.open(info, mode="w", force_zip64=True) as target:
            while chunk := source.read(CHUNK_SIZE):
                digest.update(chunk)
                octets += len(chunk)
                target.write(chunk)
                yield sink.drain()
        manifest.append((digest.hexdigest(), path))
        metadata.append(record_metadata(record))
        yield sink.drain()
    tags: dict[str, bytes] = {}
    tags["bagit.txt"] = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    tags["manifest-sha256.txt"] = "".join(f"{sha}  {path}\n" for sha, path in manifest).encode()
    now = timezone.localtime()
    tags["bag-info.txt"] = (
        f"Source-Organization: {_('营销客服部')}\n"
        f"Bagging-Date: {now.date().isoformat()}\n"
        f"Payload-Oxum: {octets}.{len(manifest)}\n"
        f"External-Description: {_('档案移交包')} ({len(manifest)})\n"
        f"Contact-Name: {actor_label}\n"
    ).encode()
    tags["metadata.json"] = json.dumps(
        {"generated_at": now.isoformat(), "records": metadata}, ensure_ascii=False, indent=2
    ).encode()
    tagmanifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in tags.items())
    tags["tagmanifest-sha256.txt"] = tagmanifest.encode()
    for name, data in tags.items():
        zf.writestr(zipfile.ZipInfo(f"{bag_name}/{name}", date_time=now.timetuple()[:6]), data)
        yield sink.drain()
    zf.close()
    yield sink.drain()


def bag_response(records, *, actor_label: str = "") -> StreamingHttpResponse:
    name = f"archive-bag-{datetime.datetime.now():%Y%m%d-%H%M%S}"
    response = StreamingHttpResponse(
        (chunk for chunk in bag_stream(records, bag_name=name, actor_label=actor_label) if chunk),
        content_type="application/zip",
    )
    response["Content-Disposition"] = _attachment(f"{name}.zip")
    return response
