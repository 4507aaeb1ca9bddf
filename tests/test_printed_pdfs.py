"""Every generated PDF, filled with the longest realistic values, prints every value whole (issue 11, item 9):
the original's label, the box spine, the contents list and its 备考表, the seal-use form, the disposal
certificate. Checked by extracting the text: a value wrapped over lines is still there character for
character; a value cut short is not."""

import datetime
import io
import re

import pypdfium2 as pdfium
import pytest

from archive import pdfs
from archive import services as archive
from archive.models import ArchiveRecord, Department, DisposalBatch
from demo.content import make_pdf
from docstore.services import documents, dossiers
from seals import services as seals
from seals.engine.form import render_form
from seals.engine.images import draw_seal

pytestmark = pytest.mark.django_db

COMPANY = "锦绣置业（集团）上海浦东新区张江高科房地产开发经营有限责任公司"[:30]
UNIT = "12-3-2801"
PURPOSE = (
    "办理商业贷款与公积金组合贷款的借款合同、房地产抵押合同及抵押申请登记表用印，"
    "送中国工商银行上海市浦东新区张江高科技园区支行面签，并同时提交上海市浦东新区房地产交易中心抵押科办理抵押登记及他项权证等手续"
)
TITLE = f"商品房买卖合同 {UNIT} {COMPANY}"
DEPARTMENT = "营销客服部档案室按揭贷款及网上备案合同整理组"
SEAL_NAME = f"{COMPANY}合同专用章"


def test_the_values_are_as_long_as_the_issue_says():
    assert len(COMPANY) == 30 and len(PURPOSE) == 100


def _text(data: bytes) -> str:
    """All pages' text with every whitespace removed: a wrapped value reads whole again."""
    doc = pdfium.PdfDocument(io.BytesIO(data))
    try:
        return re.sub(r"\s", "", "".join(page.get_textpage().get_text_range() for page in doc))
    finally:
        doc.close()


def _assert_whole(data: bytes, *values):
    text = _text(data)
    for value in values:
        assert re.sub(r"\s", "", str(value)) in text, f"{value!r} is cut in the printed PDF"


@pytest.fixture
def long_dossier(clerk):
    return dossiers.create_dossier(
        clerk,
        project=COMPANY,
        building="12-3",
        unit="2801",
        customers=[{"name": "欧阳明月", "id_number": ""}],
    )


@pytest.fixture
def long_document(clerk, long_dossier, doc_type):
    return documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf(TITLE, [PURPOSE], pages=2)),
        filename="contract.pdf",
        title=TITLE,
        doc_type=doc_type("sales_contract"),
        dossier=long_dossier,
    )


@pytest.fixture
def long_box(clerk):
    room = archive.create_location(clerk, kind="room", name="浦东新区张江档案库房第一库房")
    cabinet = archive.create_location(clerk, kind="cabinet", name="A柜", parent=room)
    shelf = archive.create_location(clerk, kind="shelf", name="第1层", parent=cabinet)
    box = archive.create_location(
        clerk, kind="box", name="2026-D30-001-按揭贷款合同", parent=shelf, year=2026, retention="D30"
    )
    Department.objects.filter(code="KFB").update(name=DEPARTMENT)
    type(box).objects.filter(pk=box.pk).update(
        department=Department.objects.get(code="KFB"), box_number=9999, note=PURPOSE
    )
    box.refresh_from_db()
    return box


@pytest.fixture
def long_record(clerk, long_document, long_box):
    record = archive.file_document(clerk, long_document, year=2026, box=long_box)
    ArchiveRecord.objects.filter(pk=record.pk).update(responsible=COMPANY, note=PURPOSE, page_count=117)
    return ArchiveRecord.objects.get(pk=record.pk)


def test_original_label(clerk, long_document, long_box, long_record):
    original = archive.register_original(clerk, long_document, kind="bank", home=long_box)
    data = pdfs.original_label(original, "https://archive.example/originals/1/", long_record.archival_code)
    _assert_whole(data, TITLE, UNIT, long_record.archival_code, str(long_box), original.get_kind_display())


def test_box_spine(long_box, long_record):
    data = pdfs.spine_label(long_box, [long_record])
    _assert_whole(data, DEPARTMENT, long_box.fonds.code, "2026", long_box.retention.name, "9999", "0001-0001")


def test_contents_list_and_remarks(clerk, long_box, long_record):
    data = pdfs.contents_list(long_box, [long_record] * 40, prepared_by=f"{COMPANY}王芳")
    _assert_whole(data, COMPANY, TITLE, long_record.archival_code, PURPOSE, f"{COMPANY}王芳", "117")
    assert _text(data).count(COMPANY) >= 40  # every row, across pages, keeps its 责任者 whole


def test_seal_use_form(clerk, field, manager, long_document):
    seal = seals.register_seal(
        manager,
        name=SEAL_NAME,
        kind="contract",
        company=COMPANY,
        custodian=clerk,
        size_mm=40,
        image=draw_seal("锦绣置业有限公司", "合同专用章", size=300),
    )
    seal = seals.change_seal_status(manager, seal, to_status="active")
    item = {"version": long_document.current_version, "seal": seal, "impressions": 12, "mode": "physical"}
    req = seals.create_request(
        field, purpose=PURPOSE, recipient="bank", dossier=long_document.dossier, items=[item]
    )
    req = seals.approve_request(manager, seals.submit_request(field, req), comment="同意，按批准次数用印")
    data = render_form(req)
    _assert_whole(data, PURPOSE, SEAL_NAME, TITLE, str(long_document.dossier), UNIT)
    text = _text(data)
    assert text.count("同意") == 1, "the approver's opinion is printed once, not 同意。同意，…"
    assert "同意，按批准次数用印。" in text


def test_disposal_certificate(clerk, manager, long_document, long_record):
    archive.set_retention_trigger(
        clerk, [long_record], trigger_date=datetime.date(1990, 1, 1), event="合同履行完毕"
    )
    batch = archive.propose_disposal(clerk, [ArchiveRecord.objects.get(pk=long_record.pk)], reason=PURPOSE)
    batch = archive.approve_disposal(manager, DisposalBatch.objects.get(pk=batch.pk))
    data = pdfs.disposal_certificate(batch, list(batch.items.all()))
    _assert_whole(data, TITLE, long_record.archival_code, batch.number, manager.label)
