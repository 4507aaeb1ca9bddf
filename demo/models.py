"""The record of what the demo loader made: the loader finds, extends and files only these objects."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoObject(models.Model):
    """One object made by `load_demo`, under a stable key ("docstore.dossier:锦绣花园:3-1502").

    Marking by creator alone would not do: on a demo installation people work as the demo users, and what they
    upload is theirs, not demo data. Archival codes are permanent, so the loader must never file it."""

    key = models.CharField(_("键"), max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("演示对象")
        verbose_name_plural = _("演示对象")
        indexes = [models.Index(fields=["content_type", "object_id"], name="demo_object_target")]

    def __str__(self):
        return self.key
