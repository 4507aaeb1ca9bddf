"""Documents and their versions: create (with the one duplicate-upload rule), add a version, download."""

import hashlib
from dataclasses import dataclass
from typing import BinaryIO, Literal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, InvalidInput
from docstore import freezing, permissions, selectors
from docstore.models import Document, DocumentType, Dossier, Version
from docstore.signals import version_created
from docstore.validation import Inspection, inspect_upload, sanitize_filename
from storage import blobs as blob_locks
from storage.uploads import received_sha256, store_upload

# Hooks other parts of the document store register (the edit lock): called as hook(document, actor).
before_version_hooks = []

# What to do when the uploaded bytes are already stored (same sha256 in any version):
#   "refuse": Conflict (409, code "duplicate") naming where they are; the page turns it into a confirm step;
#   "allow": store a new document anyway (the user confirmed, or the bytes are made by the system);
#   "skip": create nothing and return None (a re-run of a folder import).
OnDuplicate = Literal["refuse", "allow", "skip"]


def sha256_of(stream) -> str:
    """The sha256 computed while an upload arrived (storage.uploads), else read from the stream."""
    received = received_sha256(stream)
    if received is not None:
        return received
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def stored_copies(sha256: str) -> list[dict]:
    """The documents that already hold these bytes (empty when new): one entry per document."""
    found, seen = [], set()
    for version in selectors.where_stored(sha256).order_by("document_id", "number"):
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


@dataclass(frozen=True)
class PreparedFile:
    """A file already validated and stored: what a version records about it."""

    inspection: Inspection
    sha256: str
    source: BinaryIO


def prepare_file(file: BinaryIO, password: str = "") -> PreparedFile:
    """Validate and store the bytes. A use case that records the version inside its own transaction
    (stamping) calls this first, so that the parsing and the fsync do not hold the database's write lock.
    `password`: a PDF's user password, to open it for the check only (never stored, never logged)."""
    inspection = inspect_upload(file, password)
    blob = store_upload(file)  # once: linked from the upload's spool file when it was hashed on arrival
    return PreparedFile(inspection, blob.sha256, file)


def _duplicate_conflict(found: list[dict]) -> Conflict:
    places = "；".join(f"{f['dossier_label'] or '—'} 《{f['title']}》 v{f['version']}" for f in found)
    return Conflict(
        _("相同的文件已存在：%(places)s。确认仍要上传时请传 allow_duplicate=true。") % {"places": places},
        code="duplicate",
        locations=found,
    )


def create_document(
    actor,
    *,
    file: BinaryIO,
    filename: str,
    title: str,
    doc_type: DocumentType,
    dossier: Dossier | None = None,
    parent: Document | None = None,
    metadata: dict | None = None,
    comment: str = "",
    origin: str = Version.Origin.UPLOAD,
    origin_detail: dict | None = None,
    on_duplicate: OnDuplicate = "allow",
    password: str = "",
) -> Document | None:
    """A new document with its first version. A refused file leaves nothing behind. Returns None only when
    `on_duplicate="skip"` found the bytes already stored."""
    if on_duplicate not in ("refuse", "allow", "skip"):
        raise ValueError(f"on_duplicate must be refuse, allow or skip, not {on_duplicate!r}")
    permissions.require_can_edit(actor, doc_type=doc_type)
    title = (title or "").strip() or sanitize_filename(filename)
    if parent is not None and dossier is None:
        dossier = parent.dossier
    if parent is not None and parent.dossier_id != (dossier.pk if dossier else None):
        raise InvalidInput(_("附件必须与所属文档在同一案卷。"))
    if parent is not None:
        freezing.require_not_frozen(parent)  # an attachment added to a filed document would change it
    if on_duplicate != "allow":
        sha256 = sha256_of(file)
        if selectors.is_stored(sha256):
            if on_duplicate == "skip":
                return None
            found = stored_copies(sha256)
            if found:
                raise _duplicate_conflict(found)
    prepared = prepare_file(file, password)
    with transaction.atomic():
        document = Document.objects.create(
            title=title[:200],
            doc_type=doc_type,
            dossier=dossier,
            parent=parent,
            metadata=metadata or {},
            created_by=actor,
            unit_key=Document.unit_key_of(dossier),
            type_position=doc_type.position,
        )
        version = _record_version(
            document, actor, prepared, filename, comment, origin, origin_detail or {}, 1
        )
        audit.record(
            actor, "document.created", document, version=version.number, sha256=version.sha256, origin=origin
        )
        transaction.on_commit(lambda: version_created.send(sender=Version, version=version))
    return document


def add_version(
    actor,
    document: Document,
    *,
    file: BinaryIO,
    filename: str,
    comment: str = "",
    origin: str = Version.Origin.UPLOAD,
    origin_detail: dict | None = None,
    skip_hooks: bool = False,
    prepared: PreparedFile | None = None,
    password: str = "",
) -> Version:
    """Append a version. Earlier versions are never touched. A filed or disposed document takes none (409
    `filed`, 410 `disposed`), whatever made the version (upload, check-in, template, stamping): the archive
    record pins the filed version, and a correction goes through the archive. `prepared`: the file as
    prepare_file left it, when the caller validated and stored it before its transaction."""
    permissions.require_can_edit(actor, document=document)
    freezing.require_not_frozen(document)
    if not skip_hooks:
        for hook in before_version_hooks:
            hook(document, actor)
    if prepared is None:
        prepared = prepare_file(file, password)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        freezing.require_not_frozen(locked)  # filed while the bytes were being stored
        if not skip_hooks:
            for hook in before_version_hooks:
                hook(locked, actor)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _record_version(
            locked, actor, prepared, filename, comment, origin, origin_detail or {}, number
        )
        audit.record(
            actor,
            "version.added",
            locked,
            version=number,
            sha256=version.sha256,
            origin=origin,
            comment=comment,
        )
        transaction.on_commit(lambda: version_created.send(sender=Version, version=version))
    document.current_version = version
    return version


def _record_version(document, actor, prepared: PreparedFile, filename, comment, origin, detail, number):
    # Under the blob's lock: a disposal deleting these bytes right now either sees this version (and keeps
    # them) or has deleted them before (and they are written again from the upload).
    inspection, sha256 = prepared.inspection, prepared.sha256
    blob_locks.claim(sha256, inspection.size, prepared.source)
    version = Version(
        document=document,
        number=number,
        sha256=sha256,
        size=inspection.size,
        filename=sanitize_filename(filename, inspection.media_type),
        media_type=inspection.media_type,
        page_count=inspection.page_count,
        comment=(comment or "")[:500],
        origin=origin,
        origin_detail=detail,
        active_content=inspection.active_content,
        damaged=inspection.damaged,
        encrypted=inspection.encrypted,
        created_by=actor,
    )
    version.content_checked = True  # the inspection parsed these very bytes: no second read of the blob
    version.save(force_insert=True)
    Document.objects.filter(pk=document.pk).update(current_version=version)
    document.current_version = version
    return version


def record_download(actor, version: Version, rendition: str = "") -> None:
    """`rendition`: "searchable" for the searchable PDF derived from a scan (not the version's own bytes)."""
    details = {"rendition": rendition} if rendition else {}
    with transaction.atomic():
        audit.record(
            actor,
            "version.downloaded",
            version.document,
            version=version.number,
            sha256=version.sha256,
            **details,
        )
