"""A person's saved list filters, and the background PDF renditions a page waits for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from docstore.models.papers import Document, Version


class SavedFilter(models.Model):
    """A person's named filter of a list (the document or the dossier list): the query string it applies."""

    class ListName(models.TextChoices):
        DOCUMENTS = "documents", _("文档")
        DOSSIERS = "dossiers", _("案卷")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    list_name = models.CharField(_("列表"), max_length=20, choices=ListName.choices)
    name = models.CharField(_("名称"), max_length=60)
    query = models.CharField(_("筛选条件"), max_length=1000)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已保存的筛选")
        verbose_name_plural = _("已保存的筛选")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "list_name", "name"], name="saved_filter_unique_name")
        ]

    def __str__(self):
        return self.name


class RenditionJob(models.Model):
    """A PDF made from a filled template in the background (LibreOffice may take most of a minute when cold):
    the page that asked polls its status."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在转换")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    document = models.ForeignKey(
        Document, verbose_name=_("文档"), on_delete=models.CASCADE, related_name="rendition_jobs"
    )
    source = models.ForeignKey(Version, verbose_name=_("源版本"), on_delete=models.CASCADE, related_name="+")
    result = models.ForeignKey(
        Version,
        verbose_name=_("PDF 版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF 转换任务")
        verbose_name_plural = _("PDF 转换任务")

    def __str__(self):
        return f"{self.document_id} {self.status}"
