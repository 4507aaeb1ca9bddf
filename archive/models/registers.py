"""Registers: liaison letters (联络函) and contract filings with the housing authority (备案)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Letter(models.Model):
    class Direction(models.TextChoices):
        OUT = "out", _("发文")
        IN = "in", _("收文")

    class Status(models.TextChoices):
        OPEN = "open", _("待办")
        REPLIED = "replied", _("已回复")
        CLOSED = "closed", _("已办结")

    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("流水号"))
    number = models.CharField(_("函号"), max_length=40, unique=True)
    date = models.DateField(_("日期"))
    counterparty = models.CharField(_("对方单位"), max_length=100)
    subject = models.CharField(_("事由"), max_length=200)
    summary = models.TextField(_("摘要"), blank=True)
    document = models.ForeignKey(
        "docstore.Document",
        verbose_name=_("扫描件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The unit it concerns: then it shows on that dossier's timeline (its scan's dossier when not given).
    dossier = models.ForeignKey(
        "docstore.Dossier",
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    reply_due = models.DateField(_("回复期限"), null=True, blank=True)
    replies_to = models.ForeignKey(
        "self",
        verbose_name=_("答复来函"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联络函")
        verbose_name_plural = _("联络函")
        ordering = ["-year", "direction", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "year", "seq"], name="archive_letter_unique_seq"),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    def get_absolute_url(self):
        return reverse("archive:letter", args=[self.pk])


class Filing(models.Model):
    class Kind(models.TextChoices):
        ONLINE_FILING = "online_filing", _("网上备案")
        MORTGAGE_REGISTRATION = "mortgage_registration", _("抵押登记")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已受理")
        RETURNED = "returned", _("已退回原件")
        REJECTED = "rejected", _("被驳回")

    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    document = models.ForeignKey(
        "docstore.Document", verbose_name=_("合同"), on_delete=models.PROTECT, related_name="filings"
    )
    original = models.ForeignKey(
        "archive.Original",
        verbose_name=_("送交原件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filings",
    )
    filing_number = models.CharField(_("备案号"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("驳回时间"), null=True, blank=True)
    reject_reason = models.CharField(_("驳回理由"), max_length=500, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("合同备案")
        verbose_name_plural = _("合同备案")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filing_number or self.pk}"
