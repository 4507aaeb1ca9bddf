"""The document types the cases need (要件 of a mortgage, the payment voucher) with their archive defaults,
and the seeded case templates: 商业贷款, 公积金 / 组合贷款, 房卡, 合同网签备案 and the four customer
applications. Templates are data: the manager edits them afterwards; a re-run changes nothing."""

from django.db import migrations

TYPES = [
    # code, name, English, archive category, retention
    ("id_document", "身份证明", "ID documents", "HT", "D30"),
    ("marriage_certificate", "婚姻证明", "Marriage certificate", "HT", "D30"),
    ("income_proof", "收入证明", "Income certificate", "HT", "D30"),
    ("bank_statement", "银行流水", "Bank statements", "HT", "D30"),
    ("down_payment_receipt", "首付款收据", "Down-payment receipt", "HT", "D30"),
    ("notarization", "公证书", "Notarial certificate", "HT", "D30"),
    ("provident_qualification", "公积金贷款资格审核表", "Provident-fund qualification", "HT", "D30"),
    ("loan_approval", "贷款审批通知书", "Loan approval letter", "HT", "D30"),
    ("mortgage_receipt", "抵押登记受理回执", "Mortgage registration receipt", "HT", "D30"),
    ("loan_release_notice", "放款通知书", "Loan release notice", "HT", "D30"),
    ("mortgage_certificate", "他项权证", "Mortgage certificate", "HT", "D30"),
    ("payment_voucher", "收款凭证", "Payment voucher", "HT", "D30"),
]

F, C, M = "field_staff", "clerk", "manager"
PAPERS = ["id_document", "marriage_certificate", "income_proof", "bank_statement", "down_payment_receipt",
          "sales_contract"]  # fmt: skip
CONTRACT_SEALS = {"seals": ["contract", "company", "legal_rep"],
                  "documents": ["sales_contract", "mortgage_contract", "mortgage_registration"],
                  "cross_page": False, "impressions": 1, "recipient": "housing_authority", "mode": "physical"}  # fmt: skip
LOAN_SEALS = {"seals": ["company"], "documents": ["loan_contract"], "cross_page": True, "impressions": 2,
              "recipient": "bank", "mode": "physical"}  # fmt: skip
MORTGAGE_OUT = {"document": "mortgage_contract", "party": "housing_authority", "kind": "out_and_back"}


def S(name, role, *, required=(), seal=None, movement=None, fields=(), effect="", milestone="", due=3,
      optional=False):  # fmt: skip  # noqa: N802
    return {"name": name, "owner_role": role, "required_types": list(required), "seal": seal or {},
            "movement": movement or {}, "fields": list(fields), "effect": effect, "milestone": milestone,
            "due_days": due, "optional": optional}  # fmt: skip


def mortgage_tail():
    return [
        S("借款合同用章", F, seal=LOAN_SEALS, due=3),
        S("抵押登记", F, required=["mortgage_receipt"], movement=MORTGAGE_OUT, fields=["date", "receipt_no"],
          milestone="mortgage", due=15),
        S("放款", F, required=["loan_release_notice"], fields=["amount", "date", "notice_no"], effect="loan_release",
          milestone="release", due=15),
        S("通知财务", F, fields=["amount", "reported_to", "date"], milestone="reported", due=2),
        S("他项权证", F, required=["mortgage_certificate"], fields=["certificate_no", "date"], due=60),
        S("保证金释放", F, fields=["amount", "date"], due=15),
    ]  # fmt: skip


def application(code):
    return [
        S("经理审批", M, required=[code], effect={"unit_return": "return_unit", "unit_change": "change_unit"}.get(
          code, "decision"), due=3),
        S("归档", C, required=[code], effect="file", due=3),
    ]  # fmt: skip


TEMPLATES = [
    ("commercial_loan", "商业贷款", "mortgage", "银行商业贷款：资料收齐到保证金释放。", [
        S("资料收齐", F, required=PAPERS, due=7),
        S("银行面签", F, fields=["date", "bank", "place"], milestone="signing", due=7),
        S("公证", F, required=["notarization"], fields=["date", "notary"], due=7, optional=True),
        S("合同用章", F, seal=CONTRACT_SEALS, due=3),
        S("银行审批", F, required=["loan_approval"], fields=["date", "approval_no"], milestone="approval", due=15),
        *mortgage_tail(),
    ]),
    ("provident_loan", "公积金 / 组合贷款", "mortgage", "公积金或组合贷款：公积金中心资格审核与审批。", [
        S("资料收齐", F, required=PAPERS, due=7),
        S("公积金资格审核", F, required=["provident_qualification"], fields=["date"], due=10),
        S("银行面签", F, fields=["date", "bank", "place"], milestone="signing", due=7),
        S("公证", F, required=["notarization"], fields=["date", "notary"], due=7, optional=True),
        S("合同用章", F, seal=CONTRACT_SEALS, due=3),
        S("公积金中心审批", F, required=["loan_approval"], fields=["date", "approval_no"], milestone="approval",
          due=20),
        *mortgage_tail(),
    ]),
    ("house_card", "房卡", "house_card", "房管局抽卡、客户签字、盖章、交回房管局。", [
        S("抽卡", F, required=["house_card"], fields=["date"], due=3),
        S("客户签字", F, fields=["date"], due=5),
        S("公章及法人章", F, seal={"seals": ["company", "legal_rep"], "documents": ["house_card"],
          "cross_page": False, "impressions": 1, "recipient": "housing_authority", "mode": "physical"}, due=2),
        S("交回房管局", F, movement={"document": "house_card", "party": "housing_authority", "kind": "handover"},
          due=5),
    ]),
    ("online_filing", "合同网签备案", "filing", "网上备案、取得备案号、打印、归档（与档案中的备案登记关联）。", [
        S("网上备案", C, required=["sales_contract"], effect="online_filing", due=3),
        S("取得备案号", C, effect="filing_number", due=7),
        S("打印备案合同", C, fields=["date"], due=2),
        S("归档", C, required=["sales_contract"], effect="file", due=5),
    ]),
    ("discount_approval", "优惠审批单", "application", "客户优惠的审批与归档。", application("discount_approval")),
    ("unit_return", "退房申请", "application", "批准后撤销本房号的其他办理中业务。", application("unit_return")),
    ("unit_change", "调房申请", "application", "批准后本房号的办理中业务转到新房号。", application("unit_change")),
    ("deferred_payment", "延期付款申请", "application", "延期付款的审批与归档。", application("deferred_payment")),
]  # fmt: skip


def seed(apps, schema_editor):
    DocumentType = apps.get_model("docstore", "DocumentType")
    Category = apps.get_model("archive", "Category")
    RetentionPeriod = apps.get_model("archive", "RetentionPeriod")
    TypeDefault = apps.get_model("archive", "TypeDefault")
    CaseTemplate = apps.get_model("cases", "CaseTemplate")
    StepTemplate = apps.get_model("cases", "StepTemplate")
    start = (DocumentType.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    for offset, (code, name, name_en, category, retention) in enumerate(TYPES):
        doc_type, _created = DocumentType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": start + offset}
        )
        category = Category.objects.filter(code=category).first()
        retention = RetentionPeriod.objects.filter(code=retention).first()
        if category and retention:
            TypeDefault.objects.get_or_create(
                doc_type=doc_type, defaults={"category": category, "retention": retention}
            )
    for code, name, kind, description, steps in TEMPLATES:
        template, created = CaseTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "description": description}
        )
        if created:
            StepTemplate.objects.bulk_create(
                StepTemplate(template=template, number=i, **step) for i, step in enumerate(steps, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_immutable_payments"), ("archive", "0002_seed_scheme")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
