"""A document checked out for editing: who holds it and since when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from docstore.models.papers import Document


class CheckOut(models.Model):
    """An edit lock on a document (签出). One active (unreleased) check-out per document, enforced by the
    database; released rows are kept as the history."""

    class Release(models.TextChoices):
        CHECK_IN = "check_in", _("签入")
        FORCED = "forced", _("强制签入")
        EXPIRED = "expired", _("到期释放")

    document = models.ForeignKey(
        Document, verbose_name=_("文档"), on_delete=models.PROTECT, related_name="checkouts"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签出人"), on_delete=models.PROTECT, related_name="+"
    )
    checked_out_at = models.DateTimeField(_("签出时间"))
    expires_at = models.DateTimeField(_("到期时间"), db_index=True)
    released_at = models.DateTimeField(_("释放时间"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("释放人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    release_reason = models.CharField(_("释放方式"), max_length=16, choices=Release.choices, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("签出")
        verbose_name_plural = _("签出")
        ordering = ["-checked_out_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(released_at__isnull=True),
                name="checkout_one_active_per_document",
            )
        ]
        indexes = [models.Index(fields=["holder", "released_at"])]

    def __str__(self):
        return f"{self.document} @ {self.holder}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None

    def is_expired(self, now=None) -> bool:
        from django.utils import timezone

        return self.expires_at <= (now or timezone.now())
