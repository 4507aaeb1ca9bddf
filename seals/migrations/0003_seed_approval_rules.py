"""The house's first rules (合同章 → manager; 公章 / 法人章 → manager, then the marketing director), and a step
for every request already waiting, so that the queue keeps showing it."""

from django.db import migrations

RULES = [
    ("合同专用章：经理审批", "contract", "single", ["group:manager"], 10),
    ("公章：经理、营销总监逐级审批", "company", "sequential", ["group:manager", "group:marketing_director"], 20),
    ("法人章：经理、营销总监逐级审批", "legal_rep", "sequential", ["group:manager", "group:marketing_director"], 30),
]


def seed(apps, schema_editor):
    ApprovalRule = apps.get_model("seals", "ApprovalRule")
    ApprovalStep = apps.get_model("seals", "ApprovalStep")
    SealRequest = apps.get_model("seals", "SealRequest")
    for name, kind, shape, approvers, position in RULES:
        ApprovalRule.objects.get_or_create(
            name=name, defaults={"seal_kind": kind, "shape": shape, "approvers": approvers, "position": position}
        )
    for req in SealRequest.objects.filter(status="submitted"):
        req.round, req.current_step = 1, 0
        req.save(update_fields=["round", "current_step"])
        ApprovalStep.objects.create(request=req, round=1, order=0, group_name="manager")


class Migration(migrations.Migration):
    dependencies = [("seals", "0002_approval_routing")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
