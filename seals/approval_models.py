"""Approval routing (审批流): the rules table the manager edits, and each request's approval steps.

A rule matches a seal kind, a document type and a recipient (blank: any) and names an approver chain: one
step, sequential steps, or one parallel step (会签) where every seat must agree. Approvers are written as
references, "group:<role>" (any active member of the role fills the seat) or "user:<username>".
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalRule(models.Model):
    class Shape(models.TextChoices):
        SINGLE = "single", _("单人审批")
        SEQUENTIAL = "sequential", _("逐级审批")
        PARALLEL = "parallel", _("会签（全部同意）")

    name = models.CharField(_("名称"), max_length=100)
    seal_kind = models.CharField(_("印章类别"), max_length=16, blank=True)  # Seal.Kind; blank: any
    doc_type = models.ForeignKey(
        "docstore.DocumentType",
        verbose_name=_("文档类型"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient = models.CharField(
        _("用印对象"), max_length=24, blank=True
    )  # SealRequest.Recipient; blank: any
    shape = models.CharField(_("审批方式"), max_length=12, choices=Shape.choices, default=Shape.SINGLE)
    # ["group:manager", "user:zhang"]: in order for sequential steps; all at once for a parallel 会签.
    approvers = models.JSONField(_("审批人"), default=list)
    # Days an approval stays valid; empty: settings.SEALS_APPROVAL_VALID_DAYS.
    valid_days = models.PositiveIntegerField(_("授权有效天数"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
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
        verbose_name = _("审批规则")
        verbose_name_plural = _("审批规则")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def specificity(self) -> int:
        """How many criteria the rule names: the most specific matching rule wins."""
        return bool(self.seal_kind) + bool(self.doc_type_id) + bool(self.recipient)

    def chain(self) -> list[list[str]]:
        """The steps, each a list of seats (approver references)."""
        return chain_of(self.shape, self.approvers)


def chain_of(shape: str, approvers: list[str]) -> list[list[str]]:
    if shape == ApprovalRule.Shape.PARALLEL:
        return [list(approvers)]
    if shape == ApprovalRule.Shape.SINGLE:
        return [list(approvers[:1])]
    return [[ref] for ref in approvers]


class ApprovalStep(models.Model):
    """One seat of one step of a request's chain, for one submission (round)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("同意")
        REJECTED = "rejected", _("驳回")
        RETURNED = "returned", _("退回修改")
        SKIPPED = "skipped", _("已跳过")
        CANCELLED = "cancelled", _("未审批")

    request = models.ForeignKey(
        "seals.SealRequest", verbose_name=_("用章申请"), on_delete=models.CASCADE, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=1)
    order = models.PositiveSmallIntegerField(_("步骤"))
    # The seat: a role (any active member) or one person.
    group_name = models.CharField(_("审批角色"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_approver = models.BooleanField(_("第二审批人"), default=False)
    decision = models.CharField(
        _("审批结果"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The approver who was away, when a deputy decided for them.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代理谁审批"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    comment = models.CharField(_("意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("审批步骤")
        verbose_name_plural = _("审批步骤")
        ordering = ["round", "order", "id"]
        indexes = [models.Index(fields=["request", "round", "order"])]

    def __str__(self):
        return f"#{self.request_id} {self.round}.{self.order} {self.seat_ref}"

    @property
    def seat_ref(self) -> str:
        return f"user:{self.user.username}" if self.user_id else f"group:{self.group_name}"
