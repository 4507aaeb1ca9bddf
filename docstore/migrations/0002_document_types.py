from django.db import migrations

TYPES = [
    ("contract_template", "合同范本", "Contract template"),
    ("sales_contract", "商品房买卖合同", "Sales contract"),
    ("supplementary_agreement", "补充协议", "Supplementary agreement"),
    ("attachment", "附件", "Attachment"),
    ("mortgage_contract", "房地产抵押合同", "Mortgage contract"),
    ("mortgage_registration", "抵押申请登记表", "Mortgage registration form"),
    ("loan_contract", "借款合同", "Loan contract"),
    ("house_card", "房卡", "House card"),
    ("seal_use_form", "用章申请表", "Seal-use application form"),
    ("liaison_letter", "联络函", "Liaison letter"),
    ("discount_approval", "优惠审批单", "Discount approval"),
    ("unit_return", "退房申请", "Unit return application"),
    ("unit_change", "调房申请", "Unit change application"),
    ("deferred_payment", "延期付款申请", "Deferred payment application"),
    ("company_notice", "公司通知", "Company notice"),
    ("other", "其他", "Other"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("docstore", "DocumentType")
    for position, (code, name, name_en) in enumerate(TYPES):
        DocumentType.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("docstore", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
