"""Attachments (附件): several files under one document at once, and their zip download."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import DomainError, Gone, InvalidInput
from docstore import freezing, permissions, selectors
from docstore.models import Document, DocumentType
from docstore.services.documents import create_document
from docstore.validation import inspect_upload, sanitize_filename


def attach_files(actor, parent: Document, files, *, doc_type: DocumentType | None = None) -> list[Document]:
    """Several attachments at once, all or none (a refused file refuses the batch)."""
    doc_type = doc_type or DocumentType.objects.get(code="attachment")
    permissions.require_can_edit(actor, doc_type=doc_type)
    freezing.require_not_frozen(parent)
    if not files:
        raise InvalidInput(_("请选择要上传的附件。"), code="no_files")
    for upload in files:  # refuse the batch before storing anything
        try:
            inspect_upload(upload)
        except DomainError as exc:
            exc.detail = f"{upload.name}：{exc.detail}"
            raise
        upload.seek(0)
    created = []
    with transaction.atomic():
        for upload in files:
            created.append(
                create_document(
                    actor,
                    file=upload,
                    filename=upload.name,
                    title=sanitize_filename(upload.name),
                    doc_type=doc_type,
                    parent=parent,
                    on_duplicate="allow",  # the same ID copy belongs under several contracts
                )
            )
    return created


def versions_to_zip(document: Document) -> list:
    """The current versions of the document's attachments, a disposed one left out; 410 when every one of
    them was disposed of (the message names their archival codes and certificates)."""
    versions = selectors.attachment_versions(document)
    if versions:
        return versions
    disposed = selectors.disposed_attachment_ids(document)
    if disposed:
        found = freezing.freezes(disposed)
        reasons = "；".join(found[pk].message for pk in disposed if pk in found)
        raise Gone(_("附件均已销毁，没有可下载的文件。%(why)s") % {"why": reasons})
    return []


def record_zip_download(actor, document: Document, count: int) -> None:
    with transaction.atomic():
        audit.record(actor, "attachments.downloaded", document, count=count)
