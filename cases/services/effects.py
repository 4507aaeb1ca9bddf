"""What completing a step does besides moving the case on (the template's `effect`), inside the step's
transaction, through the owning apps' services: a loan release is a payment, filing files the documents in
the archive, a decision on a 退房 cancels the unit's other cases and on a 调房 moves them to the new unit."""

import decimal

from django.utils.translation import gettext as _

from cases.models import Case, CaseKind, Payment, Sale, Step, StepEffect
from cases.states import CaseStatus
from core.errors import Conflict
from docstore.models import Document, Dossier


def apply(actor, case: Case, step: Step, cleaned: dict, facts) -> dict:
    """Run the step's effect; returns what the audit event should say about it."""
    effect = step.effect
    if effect == StepEffect.LOAN_RELEASE:
        return {"payment": _loan_release(actor, case, step, cleaned).pk}
    if effect == StepEffect.FILE:
        return {"filed": _file(actor, case, step)}
    if effect == StepEffect.FILING_NUMBER:
        number = facts.filing_number(case.dossier_id)
        cleaned["filing_number"] = number
        _ledger_filing_number(actor, case, number)
        return {"filing_number": number}
    if effect in (StepEffect.DECISION, StepEffect.RETURN_UNIT, StepEffect.CHANGE_UNIT):
        return _decide(actor, case, step, cleaned)
    return {}


def _loan_release(actor, case: Case, step: Step, cleaned: dict) -> Payment:
    from cases.services import ledger

    sale = Sale.objects.filter(dossier_id=case.dossier_id).first()
    return ledger.record_loan_release(
        actor,
        case.dossier,
        step=step,
        amount=decimal.Decimal(cleaned["amount"]),
        date=cleaned["date"],
        voucher=cleaned.get("notice_no") or f"{case.pk}-{step.number}",
        bank=cleaned.get("bank") or (sale.loan_bank if sale else ""),
    )


def _file(actor, case: Case, step: Step) -> list[int]:
    """File the dossier's documents of the step's types that are not filed yet (archive's own service)."""
    from archive import services as archive

    documents = (
        Document.objects.filter(
            dossier_id=case.dossier_id,
            doc_type__code__in=step.required_types,
            current_version__isnull=False,
            archive_record__isnull=True,
        )
        .select_related("doc_type", "current_version")
        .order_by("id")
    )
    return [archive.file_document(actor, document).pk for document in documents]


def _ledger_filing_number(actor, case: Case, number: str) -> None:
    from cases.services import ledger

    sale = Sale.objects.filter(dossier_id=case.dossier_id).first()
    if sale is None or sale.filing_number != number:
        ledger.save_sale(actor, case.dossier, filing_number=number)


def _decide(actor, case: Case, step: Step, cleaned: dict) -> dict:
    """The manager's decision on a customer application; an approved 退房 or 调房 acts on the unit's other
    open cases, each through its own use case (so each leaves its own event)."""
    from cases.services.cases import cancel_case, move_case

    case.details = {**case.details, "decision": cleaned["decision"], "comment": cleaned.get("comment", "")}
    case.save(update_fields=["details"])
    done = {"decision": cleaned["decision"]}
    if cleaned["decision"] != "approved" or step.effect == StepEffect.DECISION:
        return done
    others = list(
        Case.objects.filter(dossier_id=case.dossier_id, status=CaseStatus.OPEN)
        .exclude(pk=case.pk)
        .exclude(kind=CaseKind.APPLICATION)
        .order_by("id")
    )
    if step.effect == StepEffect.RETURN_UNIT:
        reason = _("退房申请 #%(n)s 已批准") % {"n": case.pk}
        done["cancelled"] = [cancel_case(actor, other, reason=reason).pk for other in others]
    else:
        target = Dossier.objects.filter(pk=case.details.get("target_dossier")).first()
        if target is None:
            raise Conflict(_("调房申请的新房号案卷已不存在。"), code="target_missing")
        reason = _("调房申请 #%(n)s 已批准：%(a)s → %(b)s") % {"n": case.pk, "a": case.dossier, "b": target}
        done["moved"] = [move_case(actor, other, target, reason=reason).pk for other in others]
    return done


def seal_items(case: Case, step: Step) -> list[dict]:
    """The items of the seal request made from a step: every document of the step's seal types in the dossier
    (its current version) with each seal kind's active seal; the cross-page seal on the first seal's item."""
    from seals.models import Seal
    from seals.states import SealStatus

    spec = step.seal
    documents = list(
        Document.objects.filter(
            dossier_id=case.dossier_id, doc_type__code__in=spec["documents"], current_version__isnull=False
        )
        .select_related("doc_type", "current_version")
        .order_by("doc_type__position", "id")
    )
    present = {d.doc_type.code for d in documents}
    absent = [code for code in spec["documents"] if code not in present]
    if absent:
        from cases.requirements import type_names

        names = type_names()
        raise Conflict(
            _("用章文件还不在案卷中：%(types)s。") % {"types": "、".join(names.get(c, c) for c in absent)},
            code="missing",
            missing=[names.get(c, c) for c in absent],
        )
    seals = {}
    for kind in spec["seals"]:
        seal = Seal.objects.filter(kind=kind, status=SealStatus.ACTIVE).order_by("id").first()
        if seal is None:
            raise Conflict(
                _("没有启用的“%(kind)s”，不能申请用章。") % {"kind": Seal.Kind(kind).label},
                code="no_active_seal",
            )
        seals[kind] = seal
    items = []
    for document in documents:
        version = document.current_version
        electronic = spec.get("mode") == "electronic" and version.media_type == "application/pdf"
        for index, kind in enumerate(spec["seals"]):
            cross = bool(spec.get("cross_page")) and index == 0
            items.append(
                {
                    "version": version,
                    "seal": seals[kind],
                    "impressions": max(spec.get("impressions", 1), 1 + int(cross and electronic)),
                    "cross_page": cross,
                    "mode": "electronic" if electronic else "physical",
                    "placements": [{"preset": "last_page_signature"}] if electronic else [],
                }
            )
    return items
