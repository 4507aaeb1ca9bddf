"""Issue 13 end to end: a field staff member works a mortgage case through the UI, from opening it on the
dossier page to the contract seal's step moving on by itself once the custodian records the impressions.
The other people's parts (the manager's approval, the custodian's impressions) and most uploads are set up
through the services, as in the other stories."""

import io

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.conftest import off_loop, shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PAPERS = ("marriage_certificate", "income_proof", "bank_statement", "down_payment_receipt", "sales_contract",
          "mortgage_contract", "mortgage_registration")  # fmt: skip


def _upload(actor, dossier, code):
    from demo.content import make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents

    doc_type = DocumentType.objects.get(code=code)
    documents.create_document(
        actor, file=io.BytesIO(make_pdf(f"{doc_type.name} 3-1502", [code])), filename=f"{code}.pdf",
        title=f"{doc_type.name} 3-1502", doc_type=doc_type, dossier=dossier,
    )  # fmt: skip


@pytest.fixture
def given(flushable_db, e2e_settings):
    def build():
        from accounts.roles import CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR
        from cases import services
        from docstore.services import dossiers
        from tests.workbench.builders import make_active_seal

        clerk = make_user("clerk1", CLERK, display_name="王芳")
        field = make_user("field1", FIELD_STAFF, display_name="李军")
        manager = make_user("manager1", MANAGER, display_name="张伟")
        make_user(
            "director1", MARKETING_DIRECTOR, display_name="孙总"
        )  # 公章 / 法人章: manager, then director
        dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="1502",
                                          customers=[{"name": "陈明", "id_number": "110101198003071234"}])  # fmt: skip
        services.save_sale(clerk, dossier, payment_method="commercial", loan_bank="中国建设银行城南支行",
                           loan_amount="1300000", total_price="1860000", loan_years=25)  # fmt: skip
        for kind, name in (("contract", "合同专用章"), ("company", "公章"), ("legal_rep", "法人章")):
            make_active_seal(manager, clerk, name=name, kind=kind)
        return {"dossier": dossier, "field": field, "clerk": clerk, "manager": manager}

    return off_loop(build)


def _approve_and_stamp(request_id):
    from accounts.models import User
    from seals import services as seals
    from seals.models import SealRequest

    req = SealRequest.objects.get(pk=request_id)
    req = seals.approve_request(User.objects.get(username="manager1"), req, comment="同意")
    if req.status == "submitted":  # the company and legal representative's seals: the director approves next
        req = seals.approve_request(User.objects.get(username="director1"), req, comment="同意")
    for item in req.items.select_related("seal", "seal__custodian"):
        seals.record_impressions(item.seal.custodian, item, count=item.impressions)


def test_field_staff_work_a_mortgage_case(browser, given, tmp_path):
    dossier = given["dossier"]
    field = browser.login("field1")

    # open the case from the dossier page
    field.goto(f"/dossiers/{dossier.pk}/")
    field.get_by_role("link", name="开办业务").first.click()
    field.get_by_label("业务").select_option(label="商业贷款")
    field.get_by_role("button", name="开办").click()
    field.get_by_text("已开办“商业贷款”。").wait_for()

    # the board: the case waits at 资料收齐; one tap opens the step and says what is missing
    field.get_by_role("navigation", name="主导航").get_by_role("link", name="业务").click()
    field.get_by_role("link", name="锦绣花园 3-1502").click()
    assert "资料收齐" in field.locator("h1").inner_text()
    missing = field.locator("#missing").inner_text()
    assert "要件“身份证明”" in missing and "要件“商品房买卖合同”" in missing
    shot(field, "cases-step-missing")

    # the ID card is uploaded here; the other papers came in through the office's scanner
    field.get_by_role("link", name="上传文件").click()
    pdf = tmp_path / "id.pdf"
    from demo.content import make_pdf

    pdf.write_bytes(make_pdf("身份证 陈明", ["身份证复印件"]))
    form = field.locator("form", has=field.locator("#id_file"))  # the one-file form, not the drop zone
    form.locator("#id_file").set_input_files(str(pdf))
    form.locator("#id_title").fill("陈明身份证")
    form.locator("#id_doc_type").select_option(label="身份证明")
    field.get_by_role("button", name="上传", exact=True).click()
    field.wait_for_load_state()
    for code in PAPERS:
        off_loop(_upload, given["field"], dossier, code)
    field.goto("/cases/")
    field.get_by_role("link", name="锦绣花园 3-1502").click()
    assert "要件、用章和原件都已齐备" in field.locator("#missing").inner_text()
    field.get_by_label("备注").fill("资料已核对")
    field.get_by_role("button", name="完成", exact=True).click()
    field.get_by_text("第 1 步“资料收齐”已完成。").wait_for()

    # 银行面签 with the bank and the place; 公证 skipped: the bank does not ask for it
    field.get_by_role("link", name="2. 银行面签").click()
    field.get_by_label("银行").fill("中国建设银行城南支行")
    field.get_by_label("地点").fill("城南支行二楼")
    field.get_by_role("button", name="完成", exact=True).click()
    field.get_by_text("第 2 步“银行面签”已完成。").wait_for()
    field.get_by_role("link", name="3. 公证").click()
    field.get_by_label("原因").fill("银行不要求公证")
    field.get_by_role("button", name="跳过", exact=True).click()
    field.get_by_text("已跳过第 3 步。").wait_for()

    # 合同用章: the seal request is filled from the step, checked and submitted
    field.get_by_role("link", name="4. 合同用章").click()
    assert "用章：尚未申请用章" in field.locator("#missing").inner_text()
    field.get_by_role("button", name="申请用章").click()
    field.get_by_text("已按此步生成用章申请，请核对后提交审批。").wait_for()
    request_id = int(field.url.rstrip("/").split("/")[-1])
    field.get_by_role("button", name="提交审批").click()
    field.get_by_text("已提交审批。").wait_for()

    # the manager approves, the custodian records the impressions: the step moves on by itself
    off_loop(_approve_and_stamp, request_id)
    field.get_by_role("navigation", name="主导航").get_by_role("link", name="业务").click()
    column = field.locator(".board-column", has=field.get_by_role("heading", name="银行审批"))
    expect(column.get_by_role("link", name="锦绣花园 3-1502")).to_have_count(1)  # waits for the board to load
    shot(field, "cases-board")
    column.get_by_role("link", name="锦绣花园 3-1502").click()
    assert "要件“贷款审批通知书”" in field.locator("#missing").inner_text()

    # the dossier's timeline tells the story
    field.goto(f"/dossiers/{dossier.pk}/timeline/?kind=case")
    labels = field.locator(".tl-item .badge.kind").all_inner_texts()
    for label in (
        "开办业务",
        "完成业务步骤",
        "跳过业务步骤",
        "按业务步骤申请用章",
        "业务步骤随用印或原件流转完成",
    ):
        assert label in labels, label
