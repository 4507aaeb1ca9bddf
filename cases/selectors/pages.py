"""Reads behind the case, step and dossier pages, and the objects of a dossier for the workbench timeline."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from archive.models import Original
from cases.models import Case, CaseMove, Payment, Sale, Step
from cases.requirements import Facts
from cases.states import CaseStatus
from docstore.models import Document


def case_list():
    return Case.objects.select_related("dossier", "dossier__sale", "owner").order_by("-opened_at", "-id")


def case_or_404(pk) -> Case:
    return get_object_or_404(Case.objects.select_related("dossier", "owner", "opened_by", "template"), pk=pk)


def step_or_404(case: Case, number) -> Step:
    step = get_object_or_404(Step.objects.select_related("seal_request", "done_by"), case=case, number=number)
    step.case = case
    return step


def steps_with_missing(case: Case) -> list[Step]:
    """The case's steps, each with `.missing` (empty for the done and skipped ones)."""
    steps = list(case.steps.select_related("seal_request", "done_by").order_by("number"))
    for step in steps:
        step.case = case
    pending = [s for s in steps if s.status in ("waiting", "active")]
    facts = Facts(pending)
    for step in steps:
        step.missing = facts.missing(step) if step in pending else []
    return steps


def step_types(step: Step) -> list[str]:
    """Every document type the step names: its 要件, its seal use's documents, its original."""
    codes = list(step.required_types)
    for code in [*step.seal.get("documents", []), step.movement.get("document")]:
        if code and code not in codes:
            codes.append(code)
    return codes


def step_page(case: Case, step: Step) -> dict:
    """What is there, what is missing, where the originals are, and the seal request."""
    codes = step_types(step)
    documents = list(
        Document.objects.filter(dossier=case.dossier, doc_type__code__in=codes)
        .select_related("doc_type", "current_version")
        .order_by("doc_type__position", "-created_at")
    )
    originals = list(
        Original.objects.filter(document__dossier=case.dossier)
        .select_related(
            "document", "document__doc_type", "home", "current_movement", "current_movement__holder"
        )
        .order_by("document__doc_type__position", "document_id", "kind")
    )
    facts = Facts([step])
    present = {d.doc_type.code for d in documents if d.current_version_id}
    seal_items = []
    if step.seal_request_id:
        seal_items = list(step.seal_request.items.select_related("seal", "version__document"))
    return {
        "documents": documents,
        "required": [{"name": facts.name(c), "present": c in present} for c in step.required_types],
        "data_rows": data_rows(step),
        "missing": facts.missing(step) if step.status in ("waiting", "active") else [],
        "originals": originals,
        "seal_items": seal_items,
        "payments": list(Payment.objects.filter(step=step).order_by("id")),
    }


def data_rows(step: Step) -> list[tuple[str, str]]:
    """What the step recorded, with the fields' labels."""
    from cases.specs import DECISIONS, FIELDS

    rows = []
    for key, value in (step.data or {}).items():
        if key == "decision":
            rows.append((_("审批结果"), str(DECISIONS.get(value, value))))
        elif key == "comment":
            rows.append((_("审批意见"), value))
        else:
            rows.append((str(FIELDS[key][0]) if key in FIELDS else key, value))
    return rows


def dossier_panel(dossier) -> dict:
    """Two queries (the dossier page stays cheap): the unit's cases, and its ledger row with the total paid."""
    from cases.selectors.registers import received

    cases = list(
        Case.objects.filter(dossier=dossier).select_related("owner").order_by("status", "-opened_at", "-id")
    )
    return {
        "cases": cases,
        "open_count": sum(1 for c in cases if c.status == CaseStatus.OPEN),
        "sale": Sale.objects.filter(dossier=dossier).annotate(received=received()).first(),
    }


# ---- reads the workbench composes


def dossier_objects(dossier) -> dict[str, set]:
    """Audit object keys of the dossier's cases, ledger row, payments and the moves from or to it."""
    return {
        Case._meta.label_lower: set(Case.objects.filter(dossier=dossier).values_list("pk", flat=True)),
        CaseMove._meta.label_lower: set(
            CaseMove.objects.filter(Q(from_dossier=dossier) | Q(to_dossier=dossier)).values_list(
                "pk", flat=True
            )
        ),
        Sale._meta.label_lower: set(Sale.objects.filter(dossier=dossier).values_list("pk", flat=True)),
        Payment._meta.label_lower: set(Payment.objects.filter(dossier=dossier).values_list("pk", flat=True)),
    }


def case_of_move(move_id) -> int | None:
    return CaseMove.objects.filter(pk=move_id).values_list("case_id", flat=True).first()
