"""PDF checks: pypdf and pdfium must both open the file, its page tree must be a tree, and whether it carries
active content (scripts, launch actions, actions run on opening) is noted on the version."""

import io
import os
import tempfile
from typing import BinaryIO

from django.utils.translation import gettext as _

from core.errors import InvalidInput, TooLarge
from core.pdfium import PDFIUM_LOCK
from docstore import conf
from docstore.validation.common import log, parser_errors

# A dictionary is active content when it runs something: a JavaScript or launch action (/S), a script (/JS),
# additional actions fired by events (/AA), the document's named scripts (/Names /JavaScript) or an XFA form
# (scripted). /OpenAction counts when it is an action; a bare destination only says which page to show.
RUNNING_ACTIONS = {"/JavaScript", "/Launch"}
ACTIVE_KEYS = ("/JS", "/AA", "/JavaScript", "/XFA")
# Entries that lead to page content, fonts, appearance streams, the structure tree or back up the tree:
# none of them can hold an action, and skipping them keeps the walk small.
NO_ACTIONS_BELOW = {
    "/Parent",
    "/P",
    "/Resources",
    "/Contents",
    "/AP",
    "/StructTreeRoot",
    "/Metadata",
    "/Thumb",
}
# Entries (dictionary items and array elements) looked at before a file is called active without more proof.
ACTIVE_CONTENT_BUDGET = 50_000


def _damaged() -> str:
    return _("PDF 文件已损坏，无法打开。")


def inspect_pdf(stream: BinaryIO) -> tuple[int, bool]:
    """The number of pages and whether it carries active content (read with the same parse); refuses
    encrypted, damaged and malformed files."""
    from pypdf import PdfReader

    with parser_errors(_damaged(), "damaged_pdf"):
        reader = PdfReader(_unwrapped(stream), strict=False)
        if reader.is_encrypted:
            raise InvalidInput(_("PDF 已加密：请上传未加密的文件。"), code="encrypted_pdf")
        _check_page_tree(reader)
        pages = len(reader.pages)
    if pages < 1:
        raise InvalidInput(_("PDF 文件没有页面。"), code="damaged_pdf")
    active = _active_or_doubt(reader)
    # pdfium is what renders previews and stamps: it must open the file too.
    with parser_errors(_damaged(), "damaged_pdf"):
        _open_with_pdfium(stream)
    return pages, active


def _unwrapped(stream: BinaryIO) -> BinaryIO:
    """The file object inside Django's upload wrappers: pypdf reads a byte at a time, and each read through
    the wrappers' proxies costs more than the read."""
    while hasattr(stream, "file") and hasattr(stream.file, "read"):
        stream = stream.file
    return stream


def _check_page_tree(reader) -> None:
    """Walk the page tree once before pypdf flattens it. A node reached twice (a shared kid or a cycle) is
    refused at once: that is how a 2 KB file claims a million pages and keeps pypdf busy for seconds."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    catalog = reader.trailer["/Root"].get_object()
    stack = [catalog.get("/Pages")]
    seen: set[tuple[int, int]] = set()
    pages, limit = 0, conf.upload_max_pages()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                raise InvalidInput(
                    _("PDF 的页面结构异常（同一节点被重复引用，可能是恶意构造的文件），已拒绝。"),
                    code="malformed_pdf",
                )
            seen.add(key)
            item = item.get_object()
        if not isinstance(item, DictionaryObject):
            raise InvalidInput(_damaged(), code="damaged_pdf")
        kind = _value(item, "/Type") or ("/Pages" if "/Kids" in item else "/Page")
        if kind == "/Page":
            pages += 1
            if pages > limit:
                raise TooLarge(_("PDF 页数过多：上限为 %(max)s 页。") % {"max": limit}, code="too_many_pages")
        elif kind == "/Pages":
            kids = _value(item, "/Kids")
            if isinstance(kids, ArrayObject):
                stack.extend(reversed(kids))


def _value(dictionary, key):
    value = dictionary.get(key)  # pypdf's get() leaves indirect references unresolved
    return None if value is None else value.get_object()


def _open_with_pdfium(stream: BinaryIO) -> None:
    import pypdfium2 as pdfium

    stream.seek(0)
    source = _pdfium_source(stream)
    try:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(source)
            try:
                if len(doc) < 1:
                    raise InvalidInput(_("PDF 文件没有页面。"), code="damaged_pdf")
            finally:
                doc.close()
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InvalidInput(_("PDF 已加密：请上传未加密的文件。"), code="encrypted_pdf") from exc
        raise InvalidInput(_damaged(), code="damaged_pdf") from exc


def _pdfium_source(stream: BinaryIO):
    path = getattr(stream, "temporary_file_path", None)
    if callable(path):
        return path()
    name = getattr(stream, "name", None)
    if isinstance(name, str) and os.path.isfile(name):
        return name
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()
    inner = getattr(stream, "file", None)
    if isinstance(inner, io.BytesIO):
        return inner.getvalue()
    stream.seek(0)
    return stream.read()


# ---------------------------------------------------------------- active content


def pdf_active_content(stream: BinaryIO) -> bool:
    """True when opening or using the PDF can run something (see RUNNING_ACTIONS and ACTIVE_KEYS).

    Walks what is reachable from the catalogue, each object once, for at most ACTIVE_CONTENT_BUDGET entries;
    a file that needs more, or that pypdf cannot walk, is called active: the flag only warns and never lets a
    file be shown inline, so doubt errs on the side of the warning."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(stream, strict=False)
    except Exception as exc:
        log.info("active-content check gave up: %s: %s", type(exc).__name__, exc)
        return True
    return _active_or_doubt(reader)


def _active_or_doubt(reader) -> bool:
    try:
        return _active(reader.trailer.get("/Root"))
    except Exception as exc:
        log.info("active-content check gave up: %s: %s", type(exc).__name__, exc)
        return True


def _active(root) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(_value(root.get_object(), "/OpenAction"), DictionaryObject):
        return True
    stack, seen, budget = [root], set(), ACTIVE_CONTENT_BUDGET
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if _value(item, "/S") in RUNNING_ACTIONS or any(key in item for key in ACTIVE_KEYS):
                return True
            children = [value for key, value in item.items() if key not in NO_ACTIONS_BELOW]
        elif isinstance(item, ArrayObject):
            children = list(item)
        else:
            continue
        budget -= 1 + len(children)
        if budget < 0:
            log.info("active-content check: budget spent, file called active")
            return True
        stack.extend(c for c in children if isinstance(c, IndirectObject | DictionaryObject | ArrayObject))
    return False


def stored_pdf_active_content(sha256: str) -> bool:
    """The same check on a stored blob (read from its own file on a local store, else spooled)."""
    from storage.base import BlobNotFound
    from storage.registry import get_store

    store = get_store()
    path_for = getattr(store, "path_for", None)
    path = path_for(sha256) if path_for else None
    try:
        if path is not None:
            with open(path, "rb") as stream:
                return pdf_active_content(stream)
        with store.open(sha256) as source, tempfile.SpooledTemporaryFile(8 * 1024 * 1024) as spool:
            while chunk := source.read(1024 * 1024):
                spool.write(chunk)
            spool.seek(0)
            return pdf_active_content(spool)
    except (BlobNotFound, FileNotFoundError):
        return False  # no bytes, nothing that could run
