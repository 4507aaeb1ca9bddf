"""Fixtures for the cases tests: the seeded templates, documents of any type, active seals, cases."""

import io
from functools import cache

import pytest

from cases import services
from cases.models import CaseTemplate
from demo.content import make_pdf


@cache
def pdf_of(title: str) -> bytes:
    return make_pdf(title, [f"{title} 正文"], pages=1)


@pytest.fixture
def template():
    return lambda code: CaseTemplate.objects.get(code=code)


@pytest.fixture
def add_doc(clerk, doc_type):
    """A document of `code` in the dossier (uploaded by the clerk unless told)."""
    from docstore.services import documents

    def add(dossier, code, actor=None, title=None):
        title = title or f"{code} {dossier.unit_label}"
        return documents.create_document(
            actor or clerk,
            file=io.BytesIO(make_pdf(title, [f"{code} {dossier.pk}"], pages=1)),
            filename=f"{code}.pdf",
            title=title,
            doc_type=doc_type(code),
            dossier=dossier,
        )

    return add


@pytest.fixture
def active_seals(manager, clerk):
    """The contract seal, the company seal and the legal representative's seal, active, kept by the clerk."""
    from tests.workbench.builders import make_active_seal

    return {
        kind: make_active_seal(manager, clerk, name=name, kind=kind)
        for kind, name in (("contract", "合同专用章"), ("company", "公章"), ("legal_rep", "法人章"))
    }


@pytest.fixture
def other_dossier(clerk):
    from docstore.services import dossiers

    return dossiers.create_dossier(
        clerk, project="锦绣花园", building="3", unit="1601", customers=[{"name": "陈明", "id_number": "2"}]
    )


@pytest.fixture
def mortgage(field, dossier, template):
    """A commercial-loan case of 3-1502 owned by the field staff, at its first step."""
    return services.open_case(field, dossier, template("commercial_loan"))


@pytest.fixture
def tiny_template(manager):
    """Two plain steps by field staff: for the state walks and simple flows."""
    return services.create_template(
        manager,
        code="tiny",
        name="两步业务",
        kind="mortgage",
        steps=[
            {"name": "第一步", "owner_role": "field_staff", "due_days": 2},
            {"name": "第二步", "owner_role": "field_staff", "due_days": 3, "optional": True},
        ],
    )


def step_of(case, number):
    return case.steps.get(number=number)


def papers(add_doc, dossier, codes=("id_document", "marriage_certificate", "income_proof", "bank_statement",
                                    "down_payment_receipt", "sales_contract")):  # fmt: skip
    return [add_doc(dossier, code) for code in codes]


MILESTONE_STEPS = [
    {"name": "面签", "owner_role": "field_staff", "fields": ["date", "bank"], "milestone": "signing", "due_days": 5},
    {"name": "审批", "owner_role": "field_staff", "fields": ["date"], "milestone": "approval", "due_days": 10},
    {"name": "抵押", "owner_role": "field_staff", "fields": ["date"], "milestone": "mortgage", "due_days": 10},
    {"name": "放款", "owner_role": "field_staff", "fields": ["amount", "date"], "effect": "loan_release",
     "milestone": "release", "due_days": 10},
    {"name": "通知财务", "owner_role": "field_staff", "fields": ["date"], "milestone": "reported", "due_days": 2},
]  # fmt: skip


@pytest.fixture
def loan_template(manager):
    """A short mortgage whose steps carry every date the loan-release register reads."""
    return services.create_template(manager, code="short-loan", name="商业贷款（简）", kind="mortgage",
                                    steps=MILESTONE_STEPS)  # fmt: skip


@pytest.fixture
def unit(clerk):
    """A unit with its ledger row: unit("5-0801", bank, loan amount)."""
    from docstore.services import dossiers

    def make(label, bank="建设银行", loan="1000000", customer="赵丽"):
        building, unit_number = label.split("-")
        dossier = dossiers.create_dossier(clerk, project="锦绣花园", building=building, unit=unit_number,
                                          customers=[{"name": customer}])  # fmt: skip
        services.save_sale(clerk, dossier, payment_method="commercial", loan_bank=bank, loan_amount=loan,
                           total_price="2000000", loan_years=20)  # fmt: skip
        return dossier

    return make


def work(case, actor, upto: int, **values):
    """Complete the case's steps 1..upto with today's date (and the loan amount on 放款)."""
    for number in range(1, upto + 1):
        step = step_of(case, number)
        data = {"date": values.get("date", "")} if "date" in step.fields else {}
        if "amount" in step.fields:
            data["amount"] = values.get("amount", "1000000")
        services.complete_step(actor, step, data={k: v for k, v in data.items() if v})
