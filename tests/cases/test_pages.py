"""The pages of cases for each role, with constant query counts on the lists and boards."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseTemplate, Payment, Sale, Step
from tests.cases.conftest import papers, step_of

pytestmark = pytest.mark.django_db


def _overdue(case, days=3):
    past = timezone.localdate() - datetime.timedelta(days=days)
    Step.objects.filter(case=case, status="active").update(due_at=past)
    Case.objects.filter(pk=case.pk).update(current_due=past)


@pytest.fixture
def many(field, unit, template):
    """n more mortgage and house-card cases of the field staff."""

    def make(n, start=0):
        for i in range(start, start + n):
            dossier = unit(f"9-{i:04d}")
            services.open_case(field, dossier, template("commercial_loan" if i % 2 else "house_card"))

    return make


def test_the_field_staffs_board(web, field, mortgage, many, django_assert_max_num_queries):
    _overdue(mortgage)
    many(3)
    client = web(field)
    client.get(reverse("cases:board"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        html = client.get(reverse("cases:board")).content.decode()
    assert "资料收齐" in html and "抽卡" in html and "3-1502" in html and "陈明" in html
    assert "已逾期" in html and reverse("cases:step", args=[mortgage.pk, 1]) in html
    many(12, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("cases:board")).content.decode()
    assert "9-0014" in html


def test_the_board_column_limit_and_show_all(web, field, many, settings):
    settings.CASES_BOARD_COLUMN_LIMIT = 2
    many(6)
    client = web(field)
    html = client.get(reverse("cases:board")).content.decode()
    assert "还有 1 件" in html
    assert client.get(reverse("cases:board") + "?step=抽卡").content.decode().count('class="case-card') == 2


def test_the_manager_looks_at_someones_board_and_others_cannot(web, manager, clerk, field, mortgage):
    html = web(manager).get(reverse("cases:board") + "?owner=field1").content.decode()
    assert "李军 的业务" in html and "3-1502" in html
    own = web(clerk).get(reverse("cases:board") + "?owner=field1").content.decode()
    assert "我的业务" in own and "3-1502" not in own


def test_the_pipeline_is_the_managers(
    web, users, manager, mortgage, many, django_assert_max_num_queries, clerk
):
    services.save_sale(clerk, mortgage.dossier, loan_bank="建设银行")
    _overdue(mortgage)
    many(3)
    for who in ("clerk", "field", "outsider"):
        assert web(users[who]).get(reverse("cases:pipeline")).status_code == 403
    client = web(manager)
    client.get(reverse("cases:pipeline"))
    with django_assert_max_num_queries(14) as few:
        html = client.get(reverse("cases:pipeline")).content.decode()
    assert "建设银行" in html and "资料收齐" in html and "逾期的步骤" in html
    many(10, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("cases:pipeline")).status_code == 200


def test_the_case_list_filters(web, clerk, mortgage, many):
    many(2)
    client = web(clerk)
    assert "3-1502" in client.get(reverse("cases:list") + "?q=3-1502").content.decode()
    html = client.get(reverse("cases:list") + "?template=house_card").content.decode()
    assert "3-1502" not in html and "9-0000" in html
    assert client.get(reverse("cases:list") + "?dossier=99999999999999999999").status_code == 200


def test_the_step_page_says_what_is_there_and_what_is_missing(web, field, clerk, mortgage, add_doc, dossier):
    from archive import services as archive

    contract = add_doc(dossier, "sales_contract")
    original = archive.register_original(clerk, contract, kind="bank")
    archive.check_out_original(clerk, original, party_type="bank", holder_name="建设银行", purpose="核对")
    html = web(field).get(reverse("cases:step", args=[mortgage.pk, 1])).content.decode()
    assert "✔ 已有：商品房买卖合同" in html and "✘ 缺少：身份证明" in html
    assert "要件“身份证明”" in html and "借出：建设银行" in html
    assert 'action="' + reverse("cases:step-complete", args=[mortgage.pk, 1]) in html


def test_the_seal_button_is_offered_to_the_step_owner(
    web, field, clerk, mortgage, add_doc, dossier, active_seals
):
    papers(add_doc, dossier)
    add_doc(dossier, "mortgage_contract")
    add_doc(dossier, "mortgage_registration")
    services.complete_step(field, step_of(mortgage, 1))
    services.complete_step(field, step_of(mortgage, 2))
    services.skip_step(field, step_of(mortgage, 3), reason="无需")
    url = reverse("cases:step", args=[mortgage.pk, 4])
    button = reverse("cases:step-request-seal", args=[mortgage.pk, 4])
    assert button not in web(clerk).get(url).content.decode()
    client = web(field)
    assert button in client.get(url).content.decode()
    response = client.post(reverse("cases:step-request-seal", args=[mortgage.pk, 4]))
    req = step_of(mortgage, 4).seal_request
    assert response.status_code == 302 and response.url == req.get_absolute_url()
    assert f"用章申请 #{req.pk}" in client.get(url).content.decode()


def test_completing_and_skipping_through_the_pages(web, field, mortgage, add_doc, dossier):
    client = web(field)
    refused = client.post(reverse("cases:step-complete", args=[mortgage.pk, 1]), follow=True).content.decode()
    assert "还不能完成第 1 步“资料收齐”" in refused
    papers(add_doc, dossier)
    done = client.post(reverse("cases:step-complete", args=[mortgage.pk, 1]), {"note": "齐"}, follow=True)
    assert "第 1 步“资料收齐”已完成。" in done.content.decode()
    bad = client.post(
        reverse("cases:step-complete", args=[mortgage.pk, 2]), {"date": "not a date"}, follow=True
    )
    assert "日期" in bad.content.decode() and step_of(mortgage, 2).status == "active"
    client.post(reverse("cases:step-complete", args=[mortgage.pk, 2]), {"bank": "建设银行"})
    client.post(reverse("cases:step-skip", args=[mortgage.pk, 3]), {"reason": "银行不要求"})
    assert step_of(mortgage, 3).status == "skipped"


def test_opening_a_case_and_an_application(web, field, clerk, manager, dossier, template, pdf_bytes):
    client = web(field)
    url = reverse("cases:open") + f"?dossier={dossier.pk}"
    assert "房卡" in client.get(url).content.decode()
    response = client.post(url, {"template": template("house_card").pk})
    case = Case.objects.get()
    assert response.url == case.get_absolute_url() and case.owner == field
    assert client.get(reverse("cases:open") + "?dossier=abc").status_code == 404
    again = client.post(url, {"template": template("house_card").pk}).content.decode()
    assert "已有办理中的“房卡”" in again
    form = web(clerk)
    url = reverse("cases:application-new") + f"?dossier={dossier.pk}"
    scan = io.BytesIO(pdf_bytes)
    scan.name = "申请.pdf"
    response = form.post(url, {"template": template("discount_approval").pk, "scan": scan, "reason": "老客户",
                               "amount": "10000"})  # fmt: skip
    application = Case.objects.get(kind="application")
    assert response.url == application.get_absolute_url()
    html = web(manager).get(application.get_absolute_url()).content.decode()
    assert "老客户" in html and "10000.00" in html and "经理审批" in html


def test_the_manager_decides_on_the_step_page(web, manager, clerk, dossier, template, pdf_bytes):
    case = services.submit_application(clerk, dossier, template("unit_return"), scan=io.BytesIO(pdf_bytes),
                                       filename="a.pdf", details={"reason": "退房"})  # fmt: skip
    url = reverse("cases:step", args=[case.pk, 1])
    assert 'name="decision"' not in web(clerk).get(url).content.decode()
    client = web(manager)
    assert 'name="decision"' in client.get(url).content.decode()
    client.post(
        reverse("cases:step-complete", args=[case.pk, 1]), {"decision": "approved", "comment": "同意"}
    )
    case.refresh_from_db()
    assert case.details["decision"] == "approved"
    assert "审批结果" in client.get(url).content.decode()


def test_cancel_and_move_on_the_case_page(web, manager, field, mortgage, other_dossier):
    assert "撤销业务" not in web(field).get(mortgage.get_absolute_url()).content.decode()
    client = web(manager)
    page = client.get(mortgage.get_absolute_url()).content.decode()
    assert "转到其他房号" in page
    # the unit's actions offered by the apps above docstore (the timeline), not opening another case
    assert (
        f'href="/dossiers/{mortgage.dossier_id}/timeline/"' in page and 'data-action="cases.open"' not in page
    )
    bad = client.post(reverse("cases:case-move", args=[mortgage.pk]), {"target_unit": "9-9999", "reason": "x"},
                      follow=True)  # fmt: skip
    assert "本项目没有这个房号的案卷" in bad.content.decode()
    client.post(reverse("cases:case-move", args=[mortgage.pk]), {"target_unit": "3-1601", "reason": "调房"})
    assert Case.objects.get(pk=mortgage.pk).dossier == other_dossier
    client.post(reverse("cases:case-cancel", args=[mortgage.pk]), {"reason": "退房"})
    assert Case.objects.get(pk=mortgage.pk).status == "cancelled"
    refused = web(field).post(reverse("cases:case-cancel", args=[mortgage.pk]), {"reason": "x"}, follow=True)
    assert "此操作仅限：客服部经理" in refused.content.decode()


def test_the_dossier_page_and_the_timeline_show_the_cases(web, clerk, mortgage, dossier):
    services.save_sale(clerk, dossier, loan_bank="建设银行城南支行", phone="13900001111")
    client = web(clerk)
    html = client.get(dossier.get_absolute_url()).content.decode()
    assert 'data-panel="cases.dossier"' in html and "商业贷款" in html and "资料收齐" in html
    assert "建设银行城南支行" in html and "开办业务" in html
    timeline = client.get(
        reverse("workbench:dossier-timeline", args=[dossier.pk]) + "?kind=case"
    ).content.decode()
    assert "开办业务" in timeline and "商业贷款" in timeline
    ledger = client.get(
        reverse("workbench:dossier-timeline", args=[dossier.pk]) + "?kind=ledger"
    ).content.decode()
    assert "修改客户台账" in ledger


def test_the_ledger_edit_and_payments_pages(web, clerk, field, dossier, pdf_bytes):
    assert web(field).get(reverse("cases:sale", args=[dossier.pk])).status_code == 403
    client = web(clerk)
    response = client.post(reverse("cases:sale", args=[dossier.pk]), {"phone": "139", "total_price": "100",
                                                                      "loan_amount": "200"})  # fmt: skip
    assert "不能超过总价" in response.content.decode() and not Sale.objects.exists()
    client.post(reverse("cases:sale", args=[dossier.pk]), {"phone": "139", "payment_method": "full"})
    assert Sale.objects.get().phone == "139"
    scan = io.BytesIO(pdf_bytes)
    scan.name = "收据.pdf"
    client.post(reverse("cases:payments"), {"project": "锦绣花园", "unit": "3-1502", "date": str(timezone.localdate()),
                                            "amount": "20000", "kind": "deposit", "voucher": "SJ-9", "scan": scan})  # fmt: skip
    payment = Payment.objects.get()
    assert payment.scan is not None
    html = client.get(reverse("cases:payments")).content.decode()
    assert "SJ-9" in html and "冲销" in html
    assert "冲销原因" not in web(field).get(reverse("cases:payments")).content.decode()
    web(field).post(reverse("cases:payment-reverse", args=[payment.pk]), {"reason": "录错"})
    assert Payment.objects.count() == 1
    client = web(clerk)  # the same test client, logged in again
    client.post(reverse("cases:payment-reverse", args=[payment.pk]), {"reason": "录错"})
    assert Payment.objects.count() == 2
    assert "已冲销" in client.get(reverse("cases:payments")).content.decode()


def _formset(steps):
    data = {"steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0"}
    for i, step in enumerate(steps):
        for key, value in step.items():
            data[f"steps-{i}-{key}"] = value
        data[f"steps-{i}-ORDER"] = str(i + 1)
    return data


def test_the_template_editor(web, manager, field, template):
    house_card = template("house_card")
    assert web(field).get(reverse("cases:template", args=[house_card.pk])).status_code == 200
    assert web(field).post(reverse("cases:template", args=[house_card.pk]), {}).status_code == 403
    client = web(manager)
    html = client.get(reverse("cases:template", args=[house_card.pk])).content.decode()
    assert "公章及法人章" in html and "保存模板" in html
    data = {"name": "房卡（新）", "description": "", "is_active": "on", **_formset([
        {"name": "抽卡", "owner_role": "field_staff", "due_days": "2", "required_types": ["house_card"]},
        {"name": "交回", "owner_role": "field_staff", "due_days": "3", "movement_document": "house_card",
         "movement_party": "housing_authority", "movement_kind": "handover", "seal_impressions": "1"},
    ])}  # fmt: skip
    response = client.post(reverse("cases:template", args=[house_card.pk]), data)
    assert response.status_code == 302
    house_card.refresh_from_db()
    assert house_card.name == "房卡（新）" and house_card.version == 2
    assert [s.name for s in house_card.steps.order_by("number")] == ["抽卡", "交回"]
    assert house_card.steps.get(number=2).movement["kind"] == "handover"
    new = {"code": "extra", "name": "附加", "kind": "filing", "description": "", **_formset([
        {"name": "登记", "owner_role": "clerk", "due_days": "1"}])}  # fmt: skip
    client.post(reverse("cases:template-new"), new)
    assert CaseTemplate.objects.get(code="extra").steps.count() == 1


@pytest.mark.parametrize("name", ["loan-register", "collections", "ledger", "payments", "templates", "list"])
def test_every_role_reads_the_registers(web, users, name):
    for who in ("clerk", "field", "manager", "admin"):
        response = web(users[who]).get(reverse(f"cases:{name}"))
        assert response.status_code == 200, (who, name)
    assert web(users["outsider"]).get(reverse(f"cases:{name}")).status_code == 403


def test_home_pages_list_the_overdue_steps(web, field, manager, clerk, mortgage):
    _overdue(mortgage)
    html = web(field).get("/").content.decode()
    assert "我的业务：逾期与将到期的步骤" in html and "3-1502 · 资料收齐" in html
    assert "逾期的业务步骤" in web(manager).get("/").content.decode()
    assert "我的业务：逾期与将到期的步骤" in web(clerk).get("/").content.decode()


@pytest.fixture
def back_to_chinese():
    """The request switches this thread's language to English: switch it back for the tests that follow."""
    from django.utils import translation

    yield
    translation.activate("zh-hans")


def test_the_pages_speak_english(web, field, mortgage, back_to_chinese):
    client = web(field)
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("cases:step", args=[mortgage.pk, 1]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "What is missing" in html and "Where the originals are" in html
