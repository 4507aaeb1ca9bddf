"""The archive scheme set up by the manager: fonds, categories, departments, retention periods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fonds(models.Model):
    code = models.CharField(_("全宗号"), max_length=16, unique=True)
    name = models.CharField(_("全宗名称"), max_length=100)
    is_default = models.BooleanField(_("默认"), default=False)

    class Meta:
        verbose_name = _("全宗")
        verbose_name_plural = _("全宗")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Category(models.Model):
    code = models.CharField(_("门类代码"), max_length=8, unique=True)
    name = models.CharField(_("门类名称"), max_length=50)
    is_active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("门类")
        verbose_name_plural = _("门类")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Department(models.Model):
    code = models.CharField(_("机构代码"), max_length=16, unique=True)
    name = models.CharField(_("机构名称"), max_length=50)
    is_default = models.BooleanField(_("默认"), default=False)

    class Meta:
        verbose_name = _("机构（问题）")
        verbose_name_plural = _("机构（问题）")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class RetentionPeriod(models.Model):
    code = models.CharField(_("保管期限代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    years = models.PositiveSmallIntegerField(_("年限"), null=True, blank=True, help_text=_("空表示永久"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("保管期限")
        verbose_name_plural = _("保管期限")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_permanent(self) -> bool:
        return self.years is None


class TypeDefault(models.Model):
    """Default category and retention per document type."""

    doc_type = models.OneToOneField(
        "docstore.DocumentType", verbose_name=_("文档类型"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(Category, verbose_name=_("门类"), on_delete=models.PROTECT)
    retention = models.ForeignKey(RetentionPeriod, verbose_name=_("保管期限"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("文档类型默认归档设置")
        verbose_name_plural = _("文档类型默认归档设置")

    def __str__(self):
        return f"{self.doc_type_id}: {self.category_id}/{self.retention_id}"


class Counter(models.Model):
    """Gapless number series: one row per series, locked (SELECT ... FOR UPDATE) while a number is taken."""

    key = models.CharField(_("序列"), max_length=120, unique=True)
    last = models.PositiveIntegerField(_("当前号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self):
        return f"{self.key}={self.last}"
