from django.db import migrations

CATEGORIES = [("HT", "合同"), ("WS", "文书"), ("LH", "函件")]
RETENTIONS = [("Y", "永久", None), ("D30", "30年", 30), ("D10", "10年", 10)]
TYPE_DEFAULTS = {
    "contract_template": ("WS", "Y"),
    "sales_contract": ("HT", "D30"),
    "supplementary_agreement": ("HT", "D30"),
    "attachment": ("HT", "D30"),
    "mortgage_contract": ("HT", "D30"),
    "mortgage_registration": ("HT", "D30"),
    "loan_contract": ("HT", "D30"),
    "house_card": ("HT", "D10"),
    "seal_use_form": ("WS", "D10"),
    "liaison_letter": ("LH", "D10"),
    "discount_approval": ("WS", "D10"),
    "unit_return": ("WS", "D30"),
    "unit_change": ("WS", "D30"),
    "deferred_payment": ("WS", "D30"),
    "company_notice": ("WS", "D10"),
    "other": ("WS", "D10"),
}


def seed(apps, schema_editor):
    Fonds = apps.get_model("archive", "Fonds")
    Category = apps.get_model("archive", "Category")
    Department = apps.get_model("archive", "Department")
    RetentionPeriod = apps.get_model("archive", "RetentionPeriod")
    TypeDefault = apps.get_model("archive", "TypeDefault")
    DocumentType = apps.get_model("docstore", "DocumentType")
    Fonds.objects.get_or_create(code="Q001", defaults={"name": "本公司", "is_default": True})
    Department.objects.get_or_create(code="KFB", defaults={"name": "营销客服部", "is_default": True})
    categories = {}
    for position, (code, name) in enumerate(CATEGORIES):
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    retentions = {}
    for position, (code, name, years) in enumerate(RETENTIONS):
        retentions[code], _ = RetentionPeriod.objects.get_or_create(
            code=code, defaults={"name": name, "years": years, "position": position}
        )
    for doc_type in DocumentType.objects.all():
        category, retention = TYPE_DEFAULTS.get(doc_type.code, ("WS", "D10"))
        TypeDefault.objects.get_or_create(
            doc_type=doc_type,
            defaults={"category": categories[category], "retention": retentions[retention]},
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial"), ("docstore", "0002_document_types")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
