"""Paper originals and their movements (check-out, renew, return, hand-over)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models.records import Location


class PartyType(models.TextChoices):
    COLLEAGUE = "colleague", _("同事")
    BANK = "bank", _("银行")
    HOUSING_AUTHORITY = "housing_authority", _("房管局")
    NOTARY = "notary", _("公证处")
    CUSTOMER = "customer", _("客户")
    OTHER = "other", _("其他")


class Original(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("客户联")
        DEVELOPER = "developer", _("开发商联")
        BANK = "bank", _("银行联")
        HOUSING_AUTHORITY = "housing_authority", _("房管局联")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        IN = "in", _("在库")
        OUT = "out", _("借出")
        HANDED_OVER = "handed_over", _("已移交")

    document = models.ForeignKey(
        "docstore.Document", verbose_name=_("文档"), on_delete=models.PROTECT, related_name="originals"
    )
    kind = models.CharField(_("原件类别"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("说明"), max_length=100, blank=True)
    home = models.ForeignKey(
        Location,
        verbose_name=_("存放位置"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="originals",
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.IN)
    # The open check-out while the original is out (None when in the archive or handed over).
    current_movement = models.OneToOneField(
        "Movement",
        verbose_name=_("当前借出"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("原件")
        verbose_name_plural = _("原件")
        ordering = ["document", "kind", "id"]

    def __str__(self):
        return f"{self.document} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("archive:original", args=[self.pk])

    @property
    def holder_label(self) -> str:
        movement = self.current_movement
        if self.status == self.Status.IN or movement is None:
            return str(_("档案室"))
        return movement.holder_label


class Movement(models.Model):
    class Kind(models.TextChoices):
        CHECKOUT = "checkout", _("借出")
        RENEW = "renew", _("续借")
        RETURN = "return", _("归还")
        HANDOVER = "handover", _("移交")

    original = models.ForeignKey(
        Original, verbose_name=_("原件"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # For a renew / return row: the check-out it belongs to.
    checkout = models.ForeignKey(
        "self",
        verbose_name=_("借出记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    party_type = models.CharField(_("对象类型"), max_length=20, choices=PartyType.choices, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("借用人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_movements",
    )
    holder_name = models.CharField(_("借用人/接收人"), max_length=100, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    due_date = models.DateField(_("应还日期"), null=True, blank=True)
    renewals = models.PositiveSmallIntegerField(_("续借次数"), default=0)
    closed_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    pages_complete = models.BooleanField(_("页数完整"), null=True, blank=True)
    remarks = models.CharField(_("备注"), max_length=500, blank=True)
    receipt = models.ForeignKey(
        "docstore.Document",
        verbose_name=_("签收单扫描件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("超期特批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.CharField(_("特批理由"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("原件流转")
        verbose_name_plural = _("原件流转")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "closed_at", "due_date"], name="archive_mov_open")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.holder_label}"

    @property
    def holder_label(self) -> str:
        if self.holder_id:
            return getattr(self.holder, "label", None) or str(self.holder)
        return self.holder_name

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.CHECKOUT and self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()
