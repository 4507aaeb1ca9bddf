"""The printable application form: one page, the department's fields, the decision once decided."""

import io

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from seals import services
from seals.engine.form import render_form


def _text(pdf: bytes) -> tuple[int, str]:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return len(doc), doc[0].get_textpage().get_text_range()
    finally:
        doc.close()


@pytest.mark.django_db
def test_form_before_and_after_the_decision(manager, make_request):
    req = make_request("submitted")
    pages, text = _text(render_form(req))
    assert pages == 1
    for label in ("申请人", "日期", "用印事由", "文件名称", "份数", "印章类别", "审批人意见", "签字"):
        assert label in text
    assert "办理按揭贷款" in text and "李军" in text and "张伟" not in text
    req = services.approve_request(manager, req, comment="同意，按批准次数用印")
    _pages, text = _text(render_form(req))
    assert "同意" in text and "张伟" in text


@pytest.mark.django_db
def test_rejected_form_says_no(manager, make_request):
    _pages, text = _text(render_form(make_request("rejected")))
    assert "不同意" in text and "资料不全" in text


@pytest.mark.django_db
def test_form_filed_on_approval_without_dossier(field, manager, seal, clerk, doc_type):
    from demo.content import make_pdf
    from docstore.services import documents

    loose = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("联络函", ["致建设银行"])),
        filename="l.pdf",
        title="联络函",
        doc_type=doc_type("liaison_letter"),
    )
    req = services.create_request(
        field,
        purpose="发函",
        recipient="bank",
        items=[{"version": loose.current_version, "seal": seal, "impressions": 1}],
    )
    req = services.approve_request(manager, services.submit_request(field, req))
    assert req.form_document.doc_type.code == "seal_use_form" and req.form_document.dossier is None


def _flat(pdf: bytes) -> str:
    import re

    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return re.sub(r"\s", "", "".join(page.get_textpage().get_text_range() for page in doc))
    finally:
        doc.close()


@pytest.mark.django_db
def test_every_approver_of_a_two_step_chain_is_printed(manager, director, make_seal, make_request):
    req = make_request("submitted", seal=make_seal(name="公章", kind="company"))
    text = _flat(render_form(req))
    # nobody decided yet: the two steps wait, named by their roles
    assert "第1步" in text and "第2步" in text and text.count("待审批") == 2 and "张伟" not in text
    req = services.approve_request(manager, req, comment="资料齐全")
    req = services.approve_request(director, req, comment="同意，按批准次数用印")
    text = _flat(render_form(req))
    first, second = text.index("张伟"), text.index("孙总")
    assert first < second  # in order
    assert "同意。资料齐全。" in text[first:second] and "同意，按批准次数用印。" in text[second:]
    for step in req.steps.all():
        assert timezone.localtime(step.decided_at).strftime("%Y-%m-%d%H:%M") in text
    assert "待审批" not in text


@pytest.mark.django_db
def test_a_parallel_step_and_a_deputy_are_printed(manager, director, clerk, make_seal, make_request):
    services.create_rule(
        manager,
        name="财务章会签",
        seal_kind="finance",
        shape="parallel",
        approvers=["group:manager", "group:marketing_director"],
    )
    director.away, director.deputy = True, clerk
    director.save(update_fields=["away", "deputy"])
    finance = make_seal(name="财务专用章", kind="finance")
    req = make_request("submitted", seal=finance, mode="physical", cross_page=False, placements=[])
    req = services.approve_request(clerk, req, comment="代为同意")
    req = services.reject_request(manager, req, reason="金额不符")
    text = _flat(render_form(req))
    assert text.count("第1步（会签）") == 1  # the two seats under one step
    assert "王芳（代孙总审批）" in text and "同意。代为同意。" in text
    assert "张伟" in text and "不同意。金额不符。" in text
