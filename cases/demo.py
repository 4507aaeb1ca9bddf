"""Demo data for cases, called by `load_demo` as load(demo) (see seals/demo.py for the `demo` object).

A dozen units across the case types and their steps: the demo's three dossiers and nine more, each with its
ledger row; a commercial loan released this month (its seals stamped, its original out to the housing
authority and back), others at earlier steps, one overdue, a 退房 that cancelled the unit's loan case, and
applications waiting for the manager. Everything goes through the services; a second run changes nothing.
"""

import datetime
import io

from django.utils import timezone

from cases import services
from cases.models import Case, CaseTemplate, Sale
from cases.states import StepStatus
from core.errors import DomainError

UNITS = [
    # project, building, unit, customers, ledger (method, bank, total, loan, years), [(template, steps done)]
    ("锦绣花园", "3", "1502", None, ("commercial", "中国建设银行城南支行", 1860000, 1300000, 25),
     [("commercial_loan", 3)]),
    ("锦绣花园", "5", "0801", None, ("full", "", 980000, None, None), [("online_filing", 0)]),
    ("滨江一号", "2", "2203", None, ("combined", "中国工商银行滨江支行", 2450000, 1700000, 30), [("house_card", 0)]),
    ("锦绣花园", "6", "0302", [("周敏", "310101198805052345")],
     ("commercial", "中国建设银行城南支行", 1520000, 1060000, 20), [("commercial_loan", 8)]),
    ("锦绣花园", "6", "0501", [("吴刚", "310101197702023456")],
     ("provident", "中国工商银行滨江支行", 1380000, 900000, 30), [("provident_loan", 2)]),
    ("锦绣花园", "7", "1201", [("郑洁", "310101199107074567")],
     ("commercial", "招商银行城东支行", 1690000, 1180000, 25), [("commercial_loan", 0)]),
    ("锦绣花园", "7", "1803", [("王磊", "310101198312125678")],
     ("commercial", "招商银行城东支行", 1750000, 1220000, 30), [("commercial_loan", 1)]),
    ("滨江一号", "1", "0901", [("冯雪", "310101199303036789")],
     ("commercial", "中国银行江南支行", 2100000, 1470000, 25), [("commercial_loan", 1), ("unit_return", 2)]),
    ("滨江一号", "1", "1102", [("陈静", "310101198909097890")],
     ("full", "", 2260000, None, None), [("discount_approval", 0)]),
    ("滨江一号", "2", "1501", [("林涛", "310101198610108901")],
     ("combined", "中国银行江南支行", 2380000, 1600000, 30), [("deferred_payment", 2)]),
    ("锦绣花园", "8", "0203", [("黄琳", "310101199204049012")], ("full", "", 1260000, None, None),
     [("house_card", 2)]),
    ("滨江一号", "3", "0605", [("何平", "310101198501010123")],
     ("commercial", "中国银行江南支行", 1990000, 1390000, 20), [("commercial_loan", 4)]),
]  # fmt: skip
OVERDUE = ("锦绣花园", "6-0501")
DEMO_MARK = "［演示］"


def _pdf(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(72, 760, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _dossier(demo, project, building, unit, customers):
    from docstore.models import Dossier
    from docstore.services import dossiers

    label = f"{building}-{unit}"
    found = demo.get(f"docstore.dossier:{project}:{label}", Dossier) or demo.get(
        f"cases.dossier:{project}:{label}", Dossier
    )
    if found is not None or customers is None:
        return found
    if Dossier.objects.filter(project=project, building=building, unit=unit).exists():
        demo.stdout.write(f"  skipped {project} {label}: that unit's dossier is not demo data")
        return None
    made = dossiers.create_dossier(
        demo.users["clerk"], project=project, building=building, unit=unit,
        customers=[{"name": n, "id_number": i} for n, i in customers],
    )  # fmt: skip
    return demo.keep(f"cases.dossier:{project}:{label}", made)


def _document(demo, dossier, code):
    from docstore.models import Document, DocumentType
    from docstore.services import documents

    # Found through the demo's own dossier, not recorded as demo documents: the archive's demo files every
    # recorded one, and these papers belong to cases still running (filed means frozen).
    found = (
        Document.objects.filter(dossier=dossier, doc_type__code=code, current_version__isnull=False)
        .order_by("id")
        .first()
    )
    if found is not None:
        return found
    doc_type = DocumentType.objects.get(code=code)
    title = f"{doc_type.name} {dossier.unit_label}"
    made = documents.create_document(
        demo.users["field"], file=io.BytesIO(_pdf(title)), filename=f"{code}.pdf", title=title, doc_type=doc_type,
        dossier=dossier,
    )  # fmt: skip
    return made


def _custodian(demo, seal):
    return next(u for u in demo.users.values() if u.pk == seal.custodian_id)


def _stamp(demo, step):
    """The step's seal request, submitted, approved by the manager and its impressions recorded."""
    from seals import services as seals

    field, manager = demo.users["field"], demo.users["manager"]
    req = services.request_seal(field, step)
    seals.submit_request(field, req)
    req = seals.approve_request(manager, req, comment="同意。")
    if req.status == "submitted":  # 公章 / 法人章: the marketing director approves after the manager
        req = seals.approve_request(demo.users["director"], req, comment="同意。")
    for item in req.items.select_related("seal"):
        seals.record_impressions(_custodian(demo, item.seal), item, count=item.impressions)


def _move(demo, dossier, spec):
    """The step's original: registered, checked out to the party, and back (or handed over)."""
    from archive import services as archive

    clerk = demo.users["clerk"]
    document = _document(demo, dossier, spec["document"])
    original = document.originals.first() or archive.register_original(clerk, document, kind="developer")
    archive.check_out_original(clerk, original, party_type=spec["party"], holder_name="市不动产登记中心",
                               purpose=f"{DEMO_MARK}抵押登记")  # fmt: skip
    if spec["kind"] == "out_and_back":
        archive.return_original(clerk, original, remarks="抵押登记办毕")


def _work(demo, case, steps_done: int):
    """Move the case on by `steps_done` steps, through the same services a person would use."""
    today = timezone.localdate()
    for step in list(case.steps.order_by("number"))[:steps_done]:
        step.refresh_from_db()
        if step.status != StepStatus.ACTIVE:
            continue
        actor = demo.users["manager" if step.owner_role == "manager" else
                           "clerk" if step.owner_role == "clerk" else "field"]  # fmt: skip
        if step.optional:
            services.skip_step(actor, step, reason=f"{DEMO_MARK}银行不要求公证")
            continue
        for code in step.required_types:
            _document(demo, case.dossier, code)
        if step.seal:
            for code in step.seal["documents"]:
                _document(demo, case.dossier, code)
            _stamp(demo, step)
        if step.movement:
            _move(demo, case.dossier, step.movement)
        step.refresh_from_db()
        if step.status != StepStatus.ACTIVE:
            continue  # moved on by the stamping or the movement
        data = {"date": today.isoformat()}
        if "amount" in step.fields:
            sale = Sale.objects.filter(dossier=case.dossier).first()
            data["amount"] = str(sale.loan_amount if sale and sale.loan_amount else 100000)
        if "bank" in step.fields:
            data["bank"] = getattr(Sale.objects.filter(dossier=case.dossier).first(), "loan_bank", "")
        if step.effect in ("decision", "return_unit", "change_unit"):
            data = {"decision": "approved", "comment": "同意。"}
        services.complete_step(actor, step, data={k: v for k, v in data.items() if k in step.fields or
                                                  k in ("decision", "comment")})  # fmt: skip


def _case(demo, dossier, code, steps_done):
    key = f"cases.case:{dossier.pk}:{code}"
    if demo.get(key, Case) is not None:
        return None
    template = CaseTemplate.objects.get(code=code)
    if template.kind == "application":
        scan = _document(demo, dossier, template.steps.get(number=1).required_types[0])
        case = services.open_case(demo.users["clerk"], dossier, template,
                                  details={"reason": f"{DEMO_MARK}客户申请{template.name}"}, scan=scan)  # fmt: skip
    else:
        owner = demo.users["clerk" if template.kind == "filing" else "field"]
        case = services.open_case(owner, dossier, template)
    demo.keep(key, case)
    try:
        _work(demo, case, steps_done)
    except DomainError as exc:  # e.g. a seal the demo has not made: the case stays where it got to
        demo.stdout.write(f"  case #{case.pk} stopped: {exc.detail}")
    return case


def _overdue(case) -> None:
    """Back-date the current step so that the demo shows one overdue case (as archive's demo does)."""
    past = timezone.localdate() - datetime.timedelta(days=4)
    case.steps.filter(status=StepStatus.ACTIVE).update(
        due_at=past, started_at=timezone.now() - datetime.timedelta(days=12)
    )
    Case.objects.filter(pk=case.pk).update(current_due=past)


def load(demo) -> None:
    made = 0
    for project, building, unit, customers, ledger, plan in UNITS:
        dossier = _dossier(demo, project, building, unit, customers)
        if dossier is None:
            continue
        if (
            demo.get(f"cases.sale:{dossier.pk}", Sale) is None
            and not Sale.objects.filter(dossier=dossier).exists()
        ):
            method, bank, total, loan, years = ledger
            sale = services.save_sale(
                demo.users["clerk"], dossier, phone="13800000000", total_price=total, payment_method=method,
                down_payment=total - (loan or 0), loan_bank=bank, loan_amount=loan, loan_years=years,
                contract_number=f"HT{timezone.localdate().year}-{building}{unit}",
                signed_on=timezone.localdate() - datetime.timedelta(days=40),
            )  # fmt: skip
            demo.keep(f"cases.sale:{dossier.pk}", sale)
        for code, steps_done in plan:
            case = _case(demo, dossier, code, steps_done)
            if case is not None:
                made += 1
                if (project, dossier.unit_label) == OVERDUE:
                    _overdue(case)
    demo.stdout.write(f"cases demo ready ({made} new cases; {demo.made(Case).count()} demo cases)")
