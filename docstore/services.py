"""Use cases of the document store: one function each, one transaction, permission checked, audited."""

from typing import BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, DomainError, InvalidInput
from docstore import permissions
from docstore.models import Customer, Document, DocumentType, Dossier, Version
from docstore.signals import version_created
from docstore.validation import Inspection, inspect_upload, sanitize_filename
from storage import blobs as blob_locks
from storage.registry import get_store

# Hooks other parts of the document store register (check-out locks): called as hook(document, actor).
before_version_hooks = []


def create_dossier(actor, *, project: str, building: str, unit: str, customers=(), note: str = "") -> Dossier:
    permissions.require_dossier_manager(actor)
    project, building, unit = (project or "").strip(), (building or "").strip(), (unit or "").strip()
    if not (project and building and unit):
        raise InvalidInput(_("项目、楼栋和房号都必须填写。"))
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                project=project, building=building, unit=unit, note=note, created_by=actor
            )
            _set_customers(dossier, customers)
            audit.record(actor, "dossier.created", dossier, customers=[c["name"] for c in _clean(customers)])
    except IntegrityError as exc:
        raise Conflict(
            _("案卷已存在：%(project)s %(building)s-%(unit)s。")
            % {"project": project, "building": building, "unit": unit},
            code="duplicate_dossier",
        ) from exc
    return dossier


def update_dossier_customers(actor, dossier: Dossier, customers) -> Dossier:
    permissions.require_dossier_manager(actor)
    with transaction.atomic():
        before = list(dossier.customers.values("name", "id_number"))
        dossier.customers.all().delete()
        _set_customers(dossier, customers)
        audit.record(actor, "dossier.customers_changed", dossier, before=before, after=_clean(customers))
        transaction.on_commit(lambda: _reindex_dossier(dossier))
    return dossier


def _reindex_dossier(dossier) -> None:
    from docstore.tasks import reindex_document

    for pk in Document.objects.filter(dossier=dossier).values_list("pk", flat=True):
        reindex_document.enqueue(pk)


def _clean(customers) -> list[dict]:
    cleaned = []
    for item in customers or ():
        name = (item.get("name") or "").strip()
        if not name:
            raise InvalidInput(_("客户姓名不能为空。"))
        cleaned.append({"name": name, "id_number": (item.get("id_number") or "").strip().upper()})
    return cleaned


def _set_customers(dossier: Dossier, customers) -> None:
    Customer.objects.bulk_create(
        Customer(dossier=dossier, position=i, **item) for i, item in enumerate(_clean(customers))
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
) -> Document:
    """A new document with its first version. A refused file leaves nothing behind."""
    permissions.require_can_edit(actor, doc_type=doc_type)
    title = (title or "").strip() or sanitize_filename(filename)
    if parent is not None and dossier is None:
        dossier = parent.dossier
    if parent is not None and parent.dossier_id != (dossier.pk if dossier else None):
        raise InvalidInput(_("附件必须与所属文档在同一案卷。"))
    inspection = inspect_upload(file)
    blob = get_store().put(file)
    with transaction.atomic():
        document = Document.objects.create(
            title=title[:200],
            doc_type=doc_type,
            dossier=dossier,
            parent=parent,
            metadata=metadata or {},
            created_by=actor,
        )
        version = _record_version(
            document, actor, inspection, blob.sha256, filename, comment, origin, origin_detail or {}, 1, file
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
) -> Version:
    """Append a version. Earlier versions are never touched."""
    permissions.require_can_edit(actor, document=document)
    if not skip_hooks:
        for hook in before_version_hooks:
            hook(document, actor)
    inspection = inspect_upload(file)
    blob = get_store().put(file)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not skip_hooks:
            for hook in before_version_hooks:
                hook(locked, actor)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _record_version(
            locked,
            actor,
            inspection,
            blob.sha256,
            filename,
            comment,
            origin,
            origin_detail or {},
            number,
            file,
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


def _record_version(
    document, actor, inspection: Inspection, sha256, filename, comment, origin, detail, number, source
):
    # Under the blob's lock (a disposal deleting the same bytes takes it too): the bytes are there, or
    # are written again from the upload, before the version that points at them commits.
    blob_locks.claim(sha256, inspection.size, source)
    version = Version.objects.create(
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
        created_by=actor,
    )
    Document.objects.filter(pk=document.pk).update(current_version=version)
    document.current_version = version
    return version


def record_download(actor, version: Version) -> None:
    with transaction.atomic():
        audit.record(
            actor, "version.downloaded", version.document, version=version.number, sha256=version.sha256
        )


# ---------------------------------------------------------------- contract templates


def template_fields(template: Document) -> list[str]:
    from docstore import templating

    _require_template(template)
    return templating.fields(_read(template.current_version))


def _require_template(template: Document) -> None:
    if template.doc_type.code != permissions.TEMPLATE_TYPE or template.current_version is None:
        raise InvalidInput(_("这不是合同范本。"), code="not_a_template")


def _read(version: Version) -> bytes:
    with get_store().open(version.sha256) as stream:
        return stream.read()


def fill_template(
    actor,
    template: Document,
    *,
    dossier: Dossier,
    values: dict | None = None,
    pdf: bool = False,
    doc_type: DocumentType | None = None,
    title: str = "",
) -> Document:
    """A new document in the dossier from the template's current version. Missing values are reported
    (400, code "missing_values", with the list) before anything is generated."""
    import io

    from docstore import templating

    _require_template(template)
    if dossier is None:
        raise InvalidInput(_("请选择案卷。"), code="missing_dossier")
    doc_type = doc_type or DocumentType.objects.get(
        code=(template.metadata or {}).get("doc_type") or "sales_contract"
    )
    permissions.require_can_edit(actor, doc_type=doc_type)
    source = template.current_version
    data = _read(source)
    names = templating.fields(data)
    resolved, missing = templating.resolve(names, dossier, values or {})
    if missing:
        raise InvalidInput(
            _("以下字段没有值：%(names)s") % {"names": "、".join(missing)},
            code="missing_values",
            missing=missing,
        )
    if pdf and templating.soffice() is None:
        raise InvalidInput(
            _("服务器未安装 LibreOffice，无法生成 PDF（可设置 SOFFICE_PATH）。"), code="pdf_unavailable"
        )
    filled = templating.fill(data, resolved)
    rendition = templating.to_pdf(filled) if pdf else None
    detail = {"template_version": source.pk, "template_document": template.pk}
    base = (title or "").strip() or f"{template.title} {dossier.unit_label}"
    with transaction.atomic():
        document = create_document(
            actor,
            file=io.BytesIO(filled),
            filename=f"{base}.docx",
            title=base,
            doc_type=doc_type,
            dossier=dossier,
            metadata={"template": template.title},
            comment=_("由合同范本生成"),
            origin=Version.Origin.TEMPLATE,
            origin_detail=detail,
        )
        if rendition is not None:
            add_version(
                actor,
                document,
                file=io.BytesIO(rendition),
                filename=f"{base}.pdf",
                comment=_("PDF 版本（LibreOffice 转换）"),
                origin=Version.Origin.TEMPLATE,
                origin_detail={**detail, "rendition_of": document.current_version.pk},
                skip_hooks=True,
            )
        audit.record(actor, "template.filled", document, template=template.pk, template_version=source.pk)
    return document


# ---------------------------------------------------------------- attachments


def attach_files(actor, parent: Document, files, *, doc_type: DocumentType | None = None) -> list[Document]:
    """Several attachments at once, all or none (a refused file refuses the batch)."""
    from docstore.validation import inspect_upload as _inspect

    doc_type = doc_type or DocumentType.objects.get(code="attachment")
    permissions.require_can_edit(actor, doc_type=doc_type)
    if not files:
        raise InvalidInput(_("请选择要上传的附件。"), code="no_files")
    for upload in files:  # refuse the batch before storing anything
        try:
            _inspect(upload)
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
                )
            )
    return created


def record_zip_download(actor, document: Document, count: int) -> None:
    with transaction.atomic():
        audit.record(actor, "attachments.downloaded", document, count=count)
