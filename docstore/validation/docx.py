"""DOCX checks: a zip within the bomb limits, no macros, and every XML part well-formed without a DTD."""

import os
import posixpath
import struct
import zipfile
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import InvalidInput, UnsupportedMedia
from docstore.validation.common import parser_errors

DOCX_MAX_XML_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200  # a member expanding more than 200x (past its first megabyte) is treated as a zip bomb
SMALL_MEMBER = 1024 * 1024
DIRECTORY_BYTES_PER_MEMBER = 1024  # a zip's directory entry: 46 bytes, the name, extras; Word's are ~100
MACRO_PARTS = {"vbaproject.bin", "vbadata.xml"}
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject")  # e.g. ...document.macroEnabled.main+xml (.docm)


def _damaged() -> str:
    return _("DOCX 文件已损坏，无法打开。")


def _bomb(message: str) -> InvalidInput:
    return InvalidInput(message, code="zip_bomb")


def _unsupported() -> UnsupportedMedia:
    return UnsupportedMedia(_("不支持的文件类型：仅接受 PDF、DOCX、PNG、JPEG 和 TIFF。"))


def _macros() -> UnsupportedMedia:
    return UnsupportedMedia(
        _("不接受含宏的文档（如 .docm 或含 VBA 宏的文件）：请另存为普通 .docx 后再上传。"),
        code="macro_enabled",
    )


def inspect_docx(stream: BinaryIO) -> int | None:
    """The page count Word recorded (docProps/app.xml), when there is one."""
    with parser_errors(_damaged(), "damaged_docx"):
        _check_directory(stream)
        archive = zipfile.ZipFile(stream)
        with archive:
            members = archive.infolist()
            _check_sizes(members)
            names = {m.filename for m in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise _unsupported()
            if any(posixpath.basename(name).lower() in MACRO_PARTS for name in names):
                raise _macros()
            budget = _Budget(settings.DOCX_MAX_UNCOMPRESSED_MB * 1024 * 1024)
            pages = None
            for member in members:
                if not member.filename.lower().endswith((".xml", ".rels")):
                    continue
                root = _parse_safely(archive, member, budget)
                if member.filename == "[Content_Types].xml":
                    _refuse_macro_types(root)
                elif member.filename == "docProps/app.xml":
                    pages = _pages(root)
            return pages


def _check_directory(stream: BinaryIO) -> None:
    """Read the zip's end record before zipfile reads its whole directory: a 200 MB directory of empty
    entries takes zipfile half a minute and gigabytes to load. A zip without an end record is left to
    zipfile to refuse."""
    size = stream.seek(0, os.SEEK_END)
    tail_at = max(0, size - 22 - 65535)
    stream.seek(tail_at)
    tail = stream.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        return
    entries, directory_size = struct.unpack("<HI", tail[end + 10 : end + 16])
    locator = end - 20
    if (
        (entries == 0xFFFF or directory_size == 0xFFFFFFFF)
        and locator >= 0
        and tail[locator : locator + 4] == b"PK\x06\x07"
    ):
        stream.seek(struct.unpack("<Q", tail[locator + 8 : locator + 16])[0])
        record = stream.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            entries, directory_size = struct.unpack("<QQ", record[32:48])
    stream.seek(0)
    limit = settings.DOCX_MAX_MEMBERS
    if entries > limit or directory_size > limit * DIRECTORY_BYTES_PER_MEMBER:
        raise _bomb(_("DOCX 文件包含的部件过多（可能是压缩炸弹）。"))


def _check_sizes(members) -> None:
    """What the zip's directory claims; _Budget holds the parts to what they really inflate to."""
    if len(members) > settings.DOCX_MAX_MEMBERS:
        raise _bomb(_("DOCX 文件包含的部件过多（可能是压缩炸弹）。"))
    if sum(m.file_size for m in members) > settings.DOCX_MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise _bomb(_("DOCX 解压后过大（可能是压缩炸弹）。"))
    for member in members:
        if member.file_size > _member_limit(member):
            raise _bomb(_("DOCX 压缩比异常（可能是压缩炸弹）。"))


def _member_limit(member: zipfile.ZipInfo) -> int:
    return max(SMALL_MEMBER, DOCX_MAX_RATIO * max(member.compress_size, 1))


class _Budget:
    """The bytes all parts together may inflate to: a zip's directory can lie about its sizes."""

    def __init__(self, total: int):
        self.remaining = total

    def read(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
        limit = min(DOCX_MAX_XML_BYTES, self.remaining, _member_limit(member))
        with archive.open(member) as part:
            data = part.read(limit + 1)
        if len(data) > limit:
            raise _bomb(_("DOCX 解压后过大（可能是压缩炸弹）。"))
        self.remaining -= len(data)
        return data


def _parse_safely(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: _Budget):
    """Parse one part without resolving entities or loading a DTD, and refuse any DTD at all: Word never
    writes one, and it is what XXE and entity-expansion attacks need. The byte scan is the fast path; the
    parsed doctype also catches one hidden behind another encoding (UTF-16) or a long prolog."""
    from lxml import etree

    data = budget.read(archive, member)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _entities()
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype:
        raise _entities()
    return root


def _entities() -> InvalidInput:
    return InvalidInput(_("DOCX 含有外部实体声明，已拒绝。"), code="xml_entities")


def _refuse_macro_types(root) -> None:
    for element in root:
        content_type = str(element.get("ContentType") or "").lower()
        if any(word in content_type for word in MACRO_CONTENT_TYPES):
            raise _macros()


def _pages(root) -> int | None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}Pages"):
            try:
                return int(element.text or "")
            except ValueError:
                return None
    return None
