"""Serving stored bytes: always as an attachment, never sniffed, checked against the sha256 while streaming."""

import hashlib
import logging
from urllib.parse import quote

from django.http import HttpResponseNotModified, StreamingHttpResponse

from storage.base import CHUNK_SIZE
from storage.registry import get_store

log = logging.getLogger(__name__)


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


def version_response(request, version):
    etag = f'"{version.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    stream = get_store().open(version.sha256)
    response = StreamingHttpResponse(_checked_chunks(stream, version.sha256), content_type=version.media_type)
    response["Content-Length"] = str(version.size)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(version.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
