"""Serving stored bytes: always as an attachment, never sniffed, checked against the sha256 while streaming.

A version's bytes may carry active content (docstore.validation.pdf): every response here says
`attachment`, `nosniff` and a sandboxing Content-Security-Policy, so a browser saves the file rather than
running it, whatever its type."""

import hashlib
import logging
import os
import re
from urllib.parse import quote

from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.utils.translation import gettext as _

from core.errors import Gone
from core.zipstream import ZipSink
from storage.base import CHUNK_SIZE, BlobNotFound
from storage.registry import disposed_blobs, get_store

log = logging.getLogger(__name__)
SANDBOX = "default-src 'none'; sandbox"


class FixityError(Exception):
    pass


def _checked_chunks(stream, sha256: str):
    digest = hashlib.sha256()
    try:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
            yield chunk
    finally:
        stream.close()
    if digest.hexdigest() != sha256:
        # Aborting the stream makes the client see a failed download rather than silently changed bytes.
        log.error("fixity failure while serving blob %s", sha256)
        raise FixityError(sha256)


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_name(version) -> str:
    """The name a saved file gets: a stamped version is "<题名>（已盖章 v3）.pdf", whatever the upload was called
    (every stamped copy of a contract would otherwise be "contract.pdf"); other versions keep their name."""
    if version.origin != version.Origin.STAMP:
        return version.filename
    extension = os.path.splitext(version.filename)[1] or ".pdf"
    title = _UNSAFE_IN_NAME.sub(" ", version.document.title).strip() or version.filename
    return _("%(title)s（已盖章 v%(n)s）") % {"title": title[:150], "n": version.number} + extension


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 with the RFC 5987 UTF-8 name, and a plain ASCII name for clients that cannot read it."""
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").strip() or fallback
    if ascii_name.startswith(".") or len(ascii_name) < len(filename):
        ascii_name = fallback
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def version_response(request, version):
    etag = f'"{version.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    try:
        stream = get_store().open(version.sha256)
    except BlobNotFound:
        if version.sha256 in disposed_blobs():
            raise Gone(_("该版本的文件已按批准的销毁批次销毁，仅保留目录信息。")) from None
        raise
    response = StreamingHttpResponse(_checked_chunks(stream, version.sha256), content_type=version.media_type)
    response["Content-Length"] = str(version.size)
    name = download_name(version)
    fallback = f"document-{version.document_id}-v{version.number}{os.path.splitext(name)[1]}"
    response["Content-Disposition"] = content_disposition(name, fallback)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


def blob_response(request, sha256: str, filename: str, media_type: str):
    """A derived blob (the searchable PDF of a scan), as an attachment, checked while streamed."""
    etag = f'"{sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    store = get_store()
    size = store.size(sha256)
    response = StreamingHttpResponse(_checked_chunks(store.open(sha256), sha256), content_type=media_type)
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


def zip_chunks(entries):
    """Yield a zip of (name, sha256) entries as it is written, one chunk at a time: never the whole zip in
    memory. zipfile writes data descriptors since the pipe cannot seek."""
    import zipfile

    pipe = ZipSink()
    store = get_store()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, sha256 in entries:
            with store.open(sha256) as source, archive.open(name, "w", force_zip64=True) as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                    if pipe.offset and pipe.chunks:
                        yield pipe.drain()
            yield pipe.drain()
    yield pipe.drain()


def unique_names(versions) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    entries = []
    for version in versions:
        name = version.filename or f"{version.sha256[:12]}"
        if name in seen:
            seen[name] += 1
            stem, dot, ext = name.rpartition(".")
            name = f"{stem or ext}({seen[name]}){dot}{ext if stem else ''}"
        else:
            seen[name] = 0
        entries.append((name, version.sha256))
    return entries


def zip_response(filename: str, versions):
    response = StreamingHttpResponse(zip_chunks(unique_names(versions)), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, no-store"
    return response


def image_type(data: bytes) -> str:
    """A stored page image's type from its first bytes (WebP, JPEG or PNG: older previews are PNG)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    return "image/png"


def image_response(data_or_stream, *, content_type=None, cache=True):
    """Page images and thumbnails: served inline but only ever as images."""
    from django.http import HttpResponse

    data = data_or_stream if isinstance(data_or_stream, bytes) else data_or_stream.read()
    content_type = content_type or image_type(data)
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=86400" if cache else "private, no-store"
    return response
