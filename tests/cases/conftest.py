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
