"""One row per blob that something recorded a reference to: the lock that uploads and deletions of the same
bytes take (see storage.blobs). The row names no app; which references exist is asked from the providers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Blob(models.Model):
    sha256 = models.CharField(_("SHA-256"), max_length=64, primary_key=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文件块")
        verbose_name_plural = _("文件块")

    def __str__(self):
        return self.sha256
