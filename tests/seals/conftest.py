"""Fixtures for the seals tests: seals and requests in any state (the signing folder is in tests/conftest.py)."""

import io
from functools import cache

import pytest

from seals import services
from seals.engine.images import draw_seal


@cache
def seal_png() -> bytes:
    return draw_seal("锦绣置业有限公司", "合同专用章", size=300)


@pytest.fixture
def make_seal(manager, clerk):
    def make(name="合同专用章", kind="contract", custodian=None, active=True, size_mm=40):
        seal = services.register_seal(
            manager,
            name=name,
            kind=kind,
            company="锦绣置业有限公司",
            custodian=custodian or clerk,
            size_mm=size_mm,
            image=seal_png(),
        )
        if active:
            seal = services.change_seal_status(manager, seal, to_status="active")
        return seal

    return make


@pytest.fixture
def seal(make_seal):
    return make_seal()


@pytest.fixture
def version(document):
    return document.current_version


@pytest.fixture
def make_pdf_version(clerk, dossier, doc_type):
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.services import documents

    def make(pages=2, title="借款合同", landscape_pages=(), data=None):
        data = data or make_pdf(title, CONTRACT_CLAUSES[:3], pages=pages, landscape_pages=landscape_pages)
        doc = documents.create_document(
            clerk,
            file=io.BytesIO(data),
            filename="loan.pdf",
            title=title,
            doc_type=doc_type("loan_contract"),
            dossier=dossier,
        )
        return doc.current_version

    return make


def approve_along(req, manager, fixture):
    """The manager approves; a chain with a second step (公章, 法人章) is approved by the marketing director."""
    req = services.approve_request(manager, req, comment="同意")
    if req.status == "submitted":
        req = services.approve_request(fixture("director"), req, comment="同意")
    return req


@pytest.fixture
def make_request(request, field, manager, seal, version):
    """A request by field staff, moved to `state` (draft, submitted, approved, rejected, returned, ...)."""

    def make(state="draft", requester=None, items=None, **item):
        requester = requester or field
        if items is None:
            items = [
                {
                    "version": item.pop("version", version),
                    "seal": item.pop("seal", seal),
                    "impressions": item.pop("impressions", 2),
                    "mode": item.pop("mode", "electronic"),
                    "cross_page": item.pop("cross_page", True),
                    "placements": item.pop("placements", [{"page": 1, "x": 150, "y": 60}]),
                }
            ]
        req = services.create_request(requester, purpose="办理按揭贷款", recipient="bank", items=items)
        if state == "draft":
            return req
        if state == "withdrawn":
            return services.withdraw_request(requester, req)
        if any(i["seal"].kind in ("company", "legal_rep") for i in items):
            request.getfixturevalue("director")  # their chain ends with the marketing director
        req = services.submit_request(requester, req)
        if state == "approved":
            req = approve_along(req, manager, request.getfixturevalue)
        elif state == "rejected":
            req = services.reject_request(manager, req, reason="资料不全")
        elif state == "returned":
            req = services.return_request(manager, req, reason="请补充说明")
        elif state == "closed":
            req = services.close_request(requester, approve_along(req, manager, request.getfixturevalue))
        return req

    return make


@pytest.fixture
def approved_item(make_pdf_version, make_request):
    """A physical item approved for 2 impressions on the 4-page contract of the evidence tests (photos.py)."""
    from tests.seals.photos import approved_pdf

    version = make_pdf_version(data=approved_pdf())
    req = make_request(
        "approved", version=version, mode="physical", impressions=2, cross_page=False, placements=[]
    )
    return req.items.get()
