"""The customer ledger (客户台账): a dossier's sale terms, and the customer payments (回款)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    pass


class PaymentMethod(models.TextChoices):
    FULL = "full", _("一次性")
    COMMERCIAL = "commercial", _("商业贷款")
    PROVIDENT = "provident", _("公积金")
    COMBINED = "combined", _("组合")


class Sale(models.Model):
    """The ledger's row of one unit, one-to-one with its dossier."""

    dossier = models.OneToOneField(
        "docstore.Dossier", verbose_name=_("案卷"), on_delete=models.PROTECT, related_name="sale"
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    total_price = models.DecimalField(_("总价"), max_digits=14, decimal_places=2, null=True, blank=True)
    payment_method = models.CharField(_("付款方式"), max_length=12, choices=PaymentMethod.choices, blank=True)
    down_payment = models.DecimalField(_("首付款"), max_digits=14, decimal_places=2, null=True, blank=True)
    loan_bank = models.CharField(_("贷款银行"), max_length=60, blank=True, db_index=True)
    loan_amount = models.DecimalField(_("贷款金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    loan_years = models.PositiveSmallIntegerField(_("贷款年限"), null=True, blank=True)
    contract_number = models.CharField(_("合同编号"), max_length=60, blank=True)
    filing_number = models.CharField(_("备案号"), max_length=60, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    LEDGER_FIELDS = (
        "phone",
        "total_price",
        "payment_method",
        "down_payment",
        "loan_bank",
        "loan_amount",
        "loan_years",
        "contract_number",
        "filing_number",
        "signed_on",
    )

    class Meta:
        verbose_name = _("客户台账")
        verbose_name_plural = _("客户台账")

    def __str__(self):
        return str(self.dossier)


class Payment(models.Model):
    """One customer payment. Never edited, never deleted (database triggers too): a correction is a reversing
    entry, a row of the opposite amount that names the row it reverses."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("定金")
        DOWN_PAYMENT = "down_payment", _("首付")
        FEES = "fees", _("代收费用")
        LOAN_RELEASE = "loan_release", _("按揭放款")

    dossier = models.ForeignKey(
        "docstore.Dossier", verbose_name=_("案卷"), on_delete=models.PROTECT, related_name="payments"
    )
    date = models.DateField(_("收款日期"))
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    kind = models.CharField(_("款项"), max_length=16, choices=Kind.choices)
    voucher = models.CharField(_("收据/凭证号"), max_length=60)
    bank = models.CharField(_("银行"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    scan = models.ForeignKey(
        "docstore.Document",
        verbose_name=_("扫描件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The 放款 step that recorded this loan release.
    step = models.ForeignKey(
        "cases.Step",
        verbose_name=_("业务步骤"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲销"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收款")
        verbose_name_plural = _("收款")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["kind", "date"], name="cases_payment_kind_date"),
            models.Index(fields=["dossier", "date"], name="cases_payment_dossier"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.voucher})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("payments are immutable: record a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("payments are never deleted: record a reversing entry")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
