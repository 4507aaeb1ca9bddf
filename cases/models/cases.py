"""Cases (业务) of a dossier, their steps (copied from the template when the case opens) and their moves."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.templates import CaseKind, CaseTemplate, OwnerRole, StepSpec
from cases.states import CaseStatus, StepStatus


class Case(models.Model):
    dossier = models.ForeignKey(
        "docstore.Dossier", verbose_name=_("案卷"), on_delete=models.PROTECT, related_name="cases"
    )
    template = models.ForeignKey(
        CaseTemplate, verbose_name=_("业务模板"), on_delete=models.PROTECT, related_name="cases"
    )
    template_version = models.PositiveIntegerField(_("模板版本"))
    name = models.CharField(_("业务"), max_length=60)
    kind = models.CharField(_("业务类别"), max_length=16, choices=CaseKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("开办人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("开办时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销原因"), max_length=500, blank=True)
    # A customer application's form: reason, amount, deferred-until date, target dossier (调房), scan id.
    details = models.JSONField(_("申请内容"), default=dict, blank=True)
    # The current step, kept by the services so that the boards, the pipeline and the reminders need no join.
    current_number = models.PositiveSmallIntegerField(_("当前步骤"), null=True, blank=True)
    current_name = models.CharField(_("当前步骤名称"), max_length=60, blank=True)
    current_role = models.CharField(_("当前负责角色"), max_length=16, choices=OwnerRole.choices, blank=True)
    current_due = models.DateField(_("当前步骤期限"), null=True, blank=True)
    # The loan bank of the unit's ledger row, kept on the case (opening, ledger edits, moves) for the pipeline.
    bank = models.CharField(_("贷款银行"), max_length=60, blank=True)
    # Mortgage cases: when the loan release is expected (the collection plan) and when it happened.
    expected_release = models.DateField(_("预计放款日期"), null=True, blank=True)
    released_on = models.DateField(_("放款日期"), null=True, blank=True)
    # {milestone: "YYYY-MM-DD"}: the dates of 面签, 审批, 抵押, 放款, 通知财务 (the loan-release register).
    milestones = models.JSONField(_("关键日期"), default=dict, blank=True)

    class Meta:
        verbose_name = _("业务")
        verbose_name_plural = _("业务")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "status", "current_due"], name="cases_case_board"),
            # covers the board's columns (count, overdue, order) and its first cards per column
            models.Index(
                fields=["owner", "status", "current_name", "current_due", "current_number"],
                name="cases_case_columns",
            ),
            models.Index(
                fields=["status", "name", "current_number", "current_name", "bank", "current_due"],
                name="cases_case_pipeline",
            ),
            models.Index(fields=["status", "current_due"], name="cases_case_due"),
            models.Index(fields=["status", "kind", "expected_release"], name="cases_case_expected"),
            models.Index(fields=["kind", "released_on"], name="cases_case_released"),
            models.Index(fields=["dossier", "status"], name="cases_case_dossier"),
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}"

    def get_absolute_url(self):
        return reverse("cases:case", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == CaseStatus.OPEN
            and self.current_due is not None
            and self.current_due < timezone.localdate()
        )


class Step(StepSpec):
    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(_("序号"))
    status = models.CharField(
        _("状态"), max_length=10, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    due_at = models.DateField(_("期限"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("完成人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Days from start to done: the pipeline's average per step, without date arithmetic in SQL.
    duration_days = models.PositiveIntegerField(_("用时（天）"), null=True, blank=True)
    data = models.JSONField(_("登记内容"), default=dict, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    seal_request = models.ForeignKey(
        "seals.SealRequest",
        verbose_name=_("用章申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("业务步骤")
        verbose_name_plural = _("业务步骤")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="cases_step_unique_number")]
        # covers the pipeline's average days per step over the steps done lately
        indexes = [
            models.Index(fields=["status", "done_at", "name", "duration_days"], name="cases_step_done")
        ]

    def __str__(self):
        return f"{self.case_id}.{self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("cases:step", args=[self.case_id, self.number])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == StepStatus.ACTIVE
            and self.due_at is not None
            and self.due_at < timezone.localdate()
        )


class CaseMove(models.Model):
    """A case moved to another unit's dossier (调房): the trace both dossiers' timelines show."""

    case = models.ForeignKey(Case, verbose_name=_("业务"), on_delete=models.PROTECT, related_name="moves")
    from_dossier = models.ForeignKey(
        "docstore.Dossier", verbose_name=_("原案卷"), on_delete=models.PROTECT, related_name="+"
    )
    to_dossier = models.ForeignKey(
        "docstore.Dossier", verbose_name=_("新案卷"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=500)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("业务转移")
        verbose_name_plural = _("业务转移")
        ordering = ["-moved_at", "-id"]

    def __str__(self):
        return f"{self.case} → {self.to_dossier}"
