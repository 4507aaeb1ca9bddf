"""Attachments (附件): several files under one document at once, and their zip download."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import DomainError, InvalidInput
from docstore import permissions
from docstore.models import Document, DocumentType
from docstore.services.documents import create_document
from docstore.validation import inspect_upload, sanitize_filename


def attach_files(actor, parent: Document, files, *, doc_type: DocumentType | None = None) -> list[Document]:
    """Several attachments at once, all or none (a refused file refuses the batch)."""
    doc_type = doc_type or DocumentType.objects.get(code="attachment")
    permissions.require_can_edit(actor, doc_type=doc_type)
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


def record_zip_download(actor, document: Document, count: int) -> None:
    with transaction.atomic():
        audit.record(actor, "attachments.downloaded", document, count=count)
