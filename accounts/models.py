from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit_model import AuditEvent  # noqa: F401  (re-exported so Django finds the model)


class User(AbstractUser):
    display_name = models.CharField(_("显示名称"), max_length=64, blank=True)
    # Demo accounts can never log in when DEBUG is off (see accounts.backends).
    is_demo = models.BooleanField(_("演示账号"), default=False)
    # Away (外出): while set, the deputy acts for this person on approvals, and the record says so.
    away = models.BooleanField(_("外出中"), default=False)
    deputy = models.ForeignKey(
        "self", verbose_name=_("代理人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def label(self) -> str:
        return str(self)
