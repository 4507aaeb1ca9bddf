"""Contract templates (合同范本): their fields, and filling one in for a dossier."""

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import InvalidInput
from docstore import freezing, permissions, templating
from docstore.models import Document, DocumentType, Dossier, RenditionJob, Version
from docstore.services.documents import add_version, create_document
from docstore.signals import rendition_requested
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
        if pdf:
            # The PDF is made in the background: LibreOffice may take most of a minute on its first call.
            job = RenditionJob.objects.create(
                document=document, source=document.current_version, requested_by=actor
            )
            transaction.on_commit(lambda: rendition_requested.send(sender=RenditionJob, job=job))
        audit.record(
            actor, "template.filled", document, template=template.pk, template_version=source.pk, pdf=pdf
        )
    return document


def make_rendition(job: RenditionJob) -> RenditionJob:
    """The background half of a fill with PDF: convert the DOCX, add the PDF as the next version. The job says
    how it went (the page polls it); a failure leaves the DOCX as it was."""
    claimed = RenditionJob.objects.filter(pk=job.pk, status=RenditionJob.Status.QUEUED).update(
        status=RenditionJob.Status.RUNNING
    )
    if not claimed:  # another worker has it, or it is finished
        return RenditionJob.objects.get(pk=job.pk)
    job = RenditionJob.objects.select_related("document", "source", "requested_by").get(pk=job.pk)
    try:
        rendition = templating.to_pdf(_read(job.source))
        base = job.source.filename.rsplit(".", 1)[0]
        with transaction.atomic():
            version = add_version(
                job.requested_by,
                job.document,
                file=io.BytesIO(rendition),
                filename=f"{base}.pdf",
                comment=_("PDF 版本（LibreOffice 转换）"),
                origin=Version.Origin.TEMPLATE,
                origin_detail={**(job.source.origin_detail or {}), "rendition_of": job.source.pk},
                skip_hooks=True,
            )
            job.status, job.result, job.finished_at = RenditionJob.Status.DONE, version, timezone.now()
            job.save(update_fields=["status", "result", "finished_at"])
    except Exception as exc:  # any failure is the job's answer; the page says it
        job.status, job.finished_at = RenditionJob.Status.FAILED, timezone.now()
        job.error = str(getattr(exc, "detail", exc))[:500] or exc.__class__.__name__
        job.save(update_fields=["status", "error", "finished_at"])
    return job
