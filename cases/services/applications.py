"""Customer applications (优惠审批单, 退房申请, 调房申请, 延期付款申请): the clerk's form with the scan opens the
application's case; the manager decides it on its decision step, and the clerk files it on the last."""

from django.db import transaction
from django.utils.translation import gettext as _

from cases import permissions
from cases.models import CaseKind, CaseTemplate, StepEffect
from cases.services.cases import open_case
from core.errors import InvalidInput
from docstore.models import DocumentType, Dossier


def scan_type(template: CaseTemplate) -> DocumentType:
    """The document type of the application's scan: the decision step's first required type."""
    decision = (
        template.steps.exclude(effect=StepEffect.NONE).exclude(required_types=[]).order_by("number").first()
        or template.steps.exclude(required_types=[]).order_by("number").first()
    )
    code = decision.required_types[0] if decision else "other"
    return DocumentType.objects.filter(code=code).first() or DocumentType.objects.get(code="other")


def submit_application(actor, dossier: Dossier, template: CaseTemplate, *, scan, filename: str, details=None):
    """Store the signed form's scan in the dossier and open the application's case, in one transaction."""
    from docstore.services import documents

    if template.kind != CaseKind.APPLICATION:
        raise InvalidInput(_("请选择客户申请模板。"), code="not_an_application")
    permissions.require_can_open(actor, template.kind)
    if scan is None:
        raise InvalidInput(_("请上传申请表扫描件。"), code="scan_required")
    if not str((details or {}).get("reason") or "").strip():
        raise InvalidInput(_("请填写申请事由。"), code="reason_required")
    with transaction.atomic():
        document = documents.create_document(
            actor,
            file=scan,
            filename=filename or "application.pdf",
            title=_("%(name)s %(unit)s") % {"name": template.name, "unit": dossier.unit_label},
            doc_type=scan_type(template),
            dossier=dossier,
        )
        return open_case(actor, dossier, template, details=details, scan=document)
