"""Uploading bytes that are already stored: say where they are, and let the user decide."""

import hashlib

from django.utils.translation import gettext as _

from core.errors import Conflict
from docstore.selectors import where_stored


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def locations(sha256: str) -> list[dict]:
    found, seen = [], set()
    for version in where_stored(sha256).order_by("document_id", "number"):
        document = version.document
        if document.pk in seen:
            continue
        seen.add(document.pk)
        dossier = document.dossier
        found.append(
            {
                "document": document.pk,
                "title": document.title,
                "version": version.number,
                "dossier": dossier.pk if dossier else None,
                "dossier_label": str(dossier) if dossier else "",
                "url": document.get_absolute_url(),
            }
        )
    return found


def check(stream) -> list[dict]:
    """The places that already hold these bytes (empty when new)."""
    return locations(sha256_of(stream))


def refuse_duplicate(stream) -> None:
    found = check(stream)
    if found:
        places = "；".join(f"{f['dossier_label'] or '—'} 《{f['title']}》 v{f['version']}" for f in found)
        raise Conflict(
            _("相同的文件已存在：%(places)s。确认仍要上传时请传 allow_duplicate=true。") % {"places": places},
            code="duplicate",
            locations=found,
        )
