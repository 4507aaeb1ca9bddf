"""The printable application form: one page, the department's fields, the decision once decided."""

import io

import pypdfium2 as pdfium
import pytest

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
