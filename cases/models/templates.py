"""Case templates (业务模板): the steps of a kind of case, kept as data that the manager edits.

A case copies its template's steps when it is opened (cases.models.cases.Step inherits the same StepSpec
fields), so that editing a template never changes a running case.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    MORTGAGE = "mortgage", _("按揭贷款")
    HOUSE_CARD = "house_card", _("房卡")
    FILING = "filing", _("合同网签备案")
    APPLICATION = "application", _("客户申请")


class OwnerRole(models.TextChoices):
    CLERK = "clerk", _("内勤")
    FIELD_STAFF = "field_staff", _("外勤")
    MANAGER = "manager", _("客服部经理")


class StepEffect(models.TextChoices):
    """What completing the step does besides moving the case on."""

    NONE = "", _("无")
    DECISION = "decision", _("经理审批申请")
    RETURN_UNIT = "return_unit", _("审批退房（批准后撤销本房号其他业务）")
    CHANGE_UNIT = "change_unit", _("审批调房（批准后业务转到新房号）")
    FILE = "file", _("归档要件")
    LOAN_RELEASE = "loan_release", _("登记放款（记一笔按揭放款收款）")
    ONLINE_FILING = "online_filing", _("网上备案（档案中的备案登记）")
    FILING_NUMBER = "filing_number", _("取得备案号（写入客户台账）")


DECISION_EFFECTS = {StepEffect.DECISION, StepEffect.RETURN_UNIT, StepEffect.CHANGE_UNIT}


class Milestone(models.TextChoices):
    """The dates the monthly registers read from a case."""

    NONE = "", _("无")
    SIGNING = "signing", _("面签")
    APPROVAL = "approval", _("审批")
    MORTGAGE = "mortgage", _("抵押")
    RELEASE = "release", _("放款")
    REPORTED = "reported", _("通知财务")


class StepSpec(models.Model):
    """What a step needs and does: the same fields on a template's step and on a case's copy of it."""

    name = models.CharField(_("步骤名称"), max_length=60)
    owner_role = models.CharField(_("负责角色"), max_length=16, choices=OwnerRole.choices)
    # Document type codes (要件) that must be in the dossier, each with a current version.
    required_types = models.JSONField(_("要件"), default=list, blank=True)
    # {"seals": [seal kinds], "documents": [type codes], "cross_page": bool, "impressions": n,
    #  "recipient": SealRequest.Recipient, "mode": "physical" | "electronic"}; {} = no seal use.
    seal = models.JSONField(_("用章"), default=dict, blank=True)
    # {"document": type code, "party": archive PartyType, "kind": "out" | "out_and_back" | "handover"}.
    movement = models.JSONField(_("原件流转"), default=dict, blank=True)
    # Keys of cases.specs.FIELDS recorded when the step is done (date, bank, amount...).
    fields = models.JSONField(_("登记项"), default=list, blank=True)
    effect = models.CharField(_("完成时"), max_length=20, choices=StepEffect.choices, blank=True)
    milestone = models.CharField(_("登记表日期"), max_length=12, choices=Milestone.choices, blank=True)
    due_days = models.PositiveSmallIntegerField(_("办理时限（天）"), default=3)
    optional = models.BooleanField(_("可跳过"), default=False)

    SPEC_FIELDS = (
        "name",
        "owner_role",
        "required_types",
        "seal",
        "movement",
        "fields",
        "effect",
        "milestone",
        "due_days",
        "optional",
    )

    class Meta:
        abstract = True

    def spec(self) -> dict:
        return {name: getattr(self, name) for name in self.SPEC_FIELDS}


class CaseTemplate(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("业务类别"), max_length=16, choices=CaseKind.choices)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # Raised by every edit; a case records the version it copied.
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("业务模板")
        verbose_name_plural = _("业务模板")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cases:template", args=[self.pk])


class StepTemplate(StepSpec):
    template = models.ForeignKey(
        CaseTemplate, verbose_name=_("业务模板"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("序号"))

    class Meta:
        verbose_name = _("模板步骤")
        verbose_name_plural = _("模板步骤")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="cases_steptemplate_unique_number")
        ]

    def __str__(self):
        return f"{self.template_id}.{self.number} {self.name}"
