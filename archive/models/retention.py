"""Holds and disposal batches (with the disposal certificate kept for good)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Hold(models.Model):
    """Stops disposal: of one record, or of every record of a dossier."""

    record = models.ForeignKey(
        "archive.ArchiveRecord",
        verbose_name=_("档案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holds",
    )
    dossier = models.ForeignKey(
        "docstore.Dossier",
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("冻结理由"), max_length=500)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("冻结人"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("冻结时间"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("冻结（暂停销毁）")
        verbose_name_plural = _("冻结（暂停销毁）")
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=False) | models.Q(dossier__isnull=False),
                name="archive_hold_has_target",
            ),
        ]

    def __str__(self):
        return self.reason

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class DisposalBatch(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审批")
        APPROVED = "approved", _("已批准销毁")
        REJECTED = "rejected", _("已驳回")

    number = models.CharField(_("销毁清册号"), max_length=40, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.CharField(_("销毁说明"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("销毁清册")
        verbose_name_plural = _("销毁清册")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("archive:disposal", args=[self.pk])


class DisposalItem(models.Model):
    """One record in a batch; code and title copied so the certificate reads the same for ever."""

    batch = models.ForeignKey(
        DisposalBatch, verbose_name=_("销毁清册"), on_delete=models.PROTECT, related_name="items"
    )
    record = models.ForeignKey(
        "archive.ArchiveRecord",
        verbose_name=_("档案"),
        on_delete=models.PROTECT,
        related_name="disposal_items",
    )
    archival_code = models.CharField(_("档号"), max_length=64)
    title = models.CharField(_("题名"), max_length=200)
    retention_code = models.CharField(_("保管期限"), max_length=8)
    disposal_due = models.DateField(_("到期日"), null=True, blank=True)
    # sha256 of the bytes deleted at approval (only those no kept record or other app still references).
    deleted_blobs = models.JSONField(_("已删除文件"), default=list, blank=True)

    class Meta:
        verbose_name = _("销毁条目")
        verbose_name_plural = _("销毁条目")
        ordering = ["batch", "archival_code"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "record"], name="archive_disposal_unique_item")
        ]

    def __str__(self):
        return self.archival_code
