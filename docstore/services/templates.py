"""Contract templates (合同范本): their fields, and filling one in for a dossier."""

import io

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import InvalidInput
from docstore import freezing, permissions, templating
from docstore.models import Document, DocumentType, Dossier, Version
from docstore.services.documents import add_version, create_document
from storage.registry import get_store


def template_fields(template: Document) -> list[str]:
    _require_template(template)
    return templating.fields(_read(template.current_version))


def _require_template(template: Document) -> None:
    if template.doc_type.code != permissions.TEMPLATE_TYPE or template.current_version is None:
        raise InvalidInput(_("这不是合同范本。"), code="not_a_template")
    freezing.require_not_disposed(template)  # its bytes are gone


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
            on_duplicate="allow",  # two fills with the same values are two contracts
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
