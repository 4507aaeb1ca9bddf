"""API v1 of cases: templates, cases with their steps, completion refusals naming what is missing, payments
(405 on update and delete), the ledger, the registers and the collection plan; the error shape."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseTemplate, Payment
from tests.cases.conftest import papers, work

pytestmark = pytest.mark.django_db


def test_templates_read_and_edited_by_the_manager(api, field, manager):
    listing = api(field).get("/api/v1/case-templates/").json()
    loan = next(t for t in listing["results"] if t["code"] == "commercial_loan")
    assert set(loan) >= {"id", "name", "code", "steps"} and loan["steps"][0]["name"] == "资料收齐"
    assert loan["steps"][0]["required_types"][-1] == "sales_contract"
    body = {"code": "pledge", "name": "抵押变更", "kind": "mortgage",
            "steps": [{"name": "收资料", "owner_role": "field_staff", "required_types": ["id_document"]}]}  # fmt: skip
    assert api(field).post("/api/v1/case-templates/", body, format="json").status_code == 403
    created = api(manager).post("/api/v1/case-templates/", body, format="json")
    assert created.status_code == 201 and created.json()["version"] == 1
    pk = created.json()["id"]
    changed = api(manager).patch(f"/api/v1/case-templates/{pk}/", {"name": "抵押变更登记"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    bad = api(manager).patch(f"/api/v1/case-templates/{pk}/", {"steps": [{"name": "x", "owner_role": "clerk",
                                                                          "fields": ["colour"]}]}, format="json")  # fmt: skip
    assert bad.status_code == 400 and set(bad.json()) >= {"error", "detail"}
    assert api(manager).delete(f"/api/v1/case-templates/{pk}/").status_code == 405
    assert CaseTemplate.objects.get(pk=pk).name == "抵押变更登记"


def test_a_case_with_its_steps_and_what_is_missing(api, field, dossier, template, add_doc):
    add_doc(dossier, "sales_contract")
    created = api(field).post("/api/v1/cases/", {"dossier": dossier.pk, "template": template("commercial_loan").pk},
                              format="json")  # fmt: skip
    assert created.status_code == 201
    case = created.json()
    first = case["steps"][0]
    assert set(first) >= {"number", "name", "status", "required_document_types", "missing", "due_at", "done_at",
                          "done_by"}  # fmt: skip
    assert (first["number"], first["status"], first["done_by"]) == (1, "active", None)
    assert "sales_contract" in first["required_document_types"]
    assert first["missing"] == [
        "要件“身份证明”",
        "要件“婚姻证明”",
        "要件“收入证明”",
        "要件“银行流水”",
        "要件“首付款收据”",
    ]
    refused = api(field).post(f"/api/v1/cases/{case['id']}/steps/1/complete", {}, format="json")
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "missing" and "要件“身份证明”" in body["detail"] and len(body["missing"]) == 5
    papers(add_doc, dossier, codes=("id_document", "marriage_certificate", "income_proof", "bank_statement",
                                    "down_payment_receipt"))  # fmt: skip
    done = api(field).post(f"/api/v1/cases/{case['id']}/steps/1/complete", {"note": "齐了"}, format="json")
    assert done.status_code == 200
    steps = done.json()["steps"]
    assert steps[0]["status"] == "done" and steps[0]["done_by"] == "field1" and steps[1]["status"] == "active"
    listed = api(field).get(f"/api/v1/cases/?dossier={dossier.pk}&status=open").json()
    assert listed["count"] == 1 and listed["results"][0]["current_name"] == "银行面签"


def test_case_refusals_in_the_error_shape(api, clerk, field, dossier, template, mortgage):
    forbidden = api(clerk).post("/api/v1/cases/", {"dossier": dossier.pk, "template": template("house_card").pk},
                                format="json")  # fmt: skip
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "forbidden"
    duplicate = api(field).post("/api/v1/cases/", {"dossier": dossier.pk, "template": template("commercial_loan").pk},
                                format="json")  # fmt: skip
    assert duplicate.status_code == 409 and duplicate.json()["error"] == "duplicate_case"
    waiting = api(field).post(f"/api/v1/cases/{mortgage.pk}/steps/5/complete", {}, format="json")
    assert waiting.status_code == 409 and waiting.json()["error"] == "not_current"
    assert (
        api(field).post(f"/api/v1/cases/{mortgage.pk}/steps/99/complete", {}, format="json").status_code
        == 404
    )
    wrong_role = api(clerk).post(f"/api/v1/cases/{mortgage.pk}/steps/1/complete", {}, format="json")
    assert wrong_role.status_code == 403 and wrong_role.json()["error"] == "not_step_owner"
    bad = api(field).post(
        "/api/v1/cases/", {"dossier": "99999999999999999999999", "template": 1}, format="json"
    )
    assert bad.status_code == 400


def test_cancel_move_skip_and_seal_request(api, manager, field, mortgage, other_dossier, add_doc, dossier):
    assert (
        api(field).post(f"/api/v1/cases/{mortgage.pk}/cancel", {"reason": "x"}, format="json").status_code
        == 403
    )
    moved = api(manager).post(f"/api/v1/cases/{mortgage.pk}/move", {"dossier": other_dossier.pk, "reason": "调房"},
                              format="json")  # fmt: skip
    assert moved.status_code == 200 and moved.json()["dossier"] == other_dossier.pk
    skip = api(field).post(f"/api/v1/cases/{mortgage.pk}/steps/1/skip", {"reason": "x"}, format="json")
    assert skip.status_code == 409 and skip.json()["error"] == "not_optional"
    seal = api(field).post(f"/api/v1/cases/{mortgage.pk}/steps/1/seal-request", {}, format="json")
    assert seal.status_code == 409  # 资料收齐 uses no seal (its table guard) and is refused in words
    cancelled = api(manager).post(
        f"/api/v1/cases/{mortgage.pk}/cancel", {"reason": "客户放弃"}, format="json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_payments_are_created_and_never_updated_or_deleted(api, clerk, field, dossier):
    body = {"dossier": dossier.pk, "date": str(timezone.localdate()), "amount": "50000.00", "kind": "deposit",
            "voucher": "SJ-1"}  # fmt: skip
    assert api(field).post("/api/v1/payments/", body, format="json").status_code == 403
    created = api(clerk).post("/api/v1/payments/", body, format="json")
    assert created.status_code == 201 and created.json()["amount"] == "50000.00"
    pk = created.json()["id"]
    for method in ("put", "patch", "delete"):
        response = getattr(api(clerk), method)(f"/api/v1/payments/{pk}/", {"amount": "1"}, format="json")
        assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    reversed_ = api(clerk).post(f"/api/v1/payments/{pk}/reverse", {"reason": "录错"}, format="json")
    assert reversed_.status_code == 201 and reversed_.json()["amount"] == "-50000.00"
    assert reversed_.json()["reverses"] == pk
    again = api(clerk).post(f"/api/v1/payments/{pk}/reverse", {"reason": "再冲"}, format="json")
    assert again.status_code == 409 and again.json()["error"] == "already_reversed"
    listed = api(field).get(f"/api/v1/payments/?dossier={dossier.pk}").json()
    assert [p["amount"] for p in listed["results"]] == ["-50000.00", "50000.00"]
    assert listed["results"][1]["reversed_by"] == reversed_.json()["id"]
    bad = api(clerk).post("/api/v1/payments/", {**body, "amount": "-1"}, format="json")
    assert bad.status_code == 400
    assert Payment.objects.count() == 2


def test_the_ledger_api_and_its_xlsx(api, clerk, field, dossier):
    assert api(field).patch(f"/api/v1/ledger/{dossier.pk}/", {"phone": "1"}, format="json").status_code == 403
    changed = api(clerk).patch(f"/api/v1/ledger/{dossier.pk}/", {"loan_bank": "建设银行", "loan_amount": "1300000",
                                                                 "payment_method": "commercial"}, format="json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["loan_amount"] == "1300000.00"
    rows = api(field).get("/api/v1/ledger/?bank=建设").json()["results"]
    assert rows[0]["customers"] == ["陈明"] and rows[0]["received"] == "0.00"
    response = api(field).get("/api/v1/ledger/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.values)[1][1] == "3-1502"


def test_the_registers_over_the_api(api, field, unit, loan_template):
    from cases import services

    case = services.open_case(field, unit("5-0801"), loan_template)
    work(case, field, 5, amount="1000000")
    month = timezone.localdate().strftime("%Y-%m")
    register = api(field).get(f"/api/v1/registers/loan-releases/?month={month}").json()
    assert register["month"] == month and register["rows"][0]["unit"] == "5-0801"
    assert register["rows"][0]["received"] == "1000000.00"
    xlsx = api(field).get(f"/api/v1/registers/loan-releases/?month={month}&format=xlsx")
    assert xlsx.status_code == 200 and f"loan-releases-{month}.xlsx" in xlsx["Content-Disposition"]
    plan = api(field).get(f"/api/v1/collections/plan?month={month}").json()
    assert plan["actual"] == [{"bank": "建设银行", "payments": 1, "amount": "1000000.00"}]
    bad = api(field).get("/api/v1/collections/plan?month=2026-13")
    assert bad.status_code == 400 and bad.json()["error"] == "bad_month"


def test_outsiders_and_anonymous_get_nothing(api, outsider):
    for path in ("/api/v1/cases/", "/api/v1/payments/", "/api/v1/ledger/", "/api/v1/collections/plan"):
        assert api(outsider).get(path).status_code == 403
        assert api().get(path).status_code in (401, 403)
