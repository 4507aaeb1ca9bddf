"""The bytes a version is read through: its own, or, for a damaged PDF (Version.damaged: only qpdf's repair
opens it), the repaired copy, made once and kept as a derivative blob (Derivative.repaired_sha256). The
version's own bytes are never changed. Previews, text, OCR and stamping read through here."""

import io
import logging
from contextlib import contextmanager

from django.db import transaction

from docstore.models import Derivative, Version
from storage import blobs as blob_locks
from storage.registry import get_store, local_path

log = logging.getLogger(__name__)


def readable_sha256(version: Version) -> str:
    if not version.damaged:
        return version.sha256
    found = Derivative.objects.filter(version=version).values_list("repaired_sha256", flat=True).first()
    if found and get_store().exists(found):
        return found
    return _repair(version)


@contextmanager
def readable_path(version: Version):
    with local_path(readable_sha256(version)) as path:
        yield path


def readable_bytes(version: Version) -> bytes:
    with get_store().open(readable_sha256(version)) as stream:
        return stream.read()


def _repair(version: Version) -> str:
    from docstore.validation.pdf import repair

    with local_path(version.sha256) as path, open(path, "rb") as stream:
        data = repair(stream)
    if (
        data is None
    ):  # qpdf opened it at upload; if it cannot now, readers see the original and fail as before
        log.warning("version %s: the damaged PDF could not be repaired again", version.pk)
        return version.sha256
    sha256 = get_store().put(io.BytesIO(data)).sha256
    with transaction.atomic():
        blob_locks.claim(sha256, len(data), io.BytesIO(data))
        Derivative.objects.get_or_create(version=version)
        Derivative.objects.filter(version=version).update(repaired_sha256=sha256)
    return sha256
