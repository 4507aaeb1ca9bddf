"""What is made from a version and can be made again: previews, recognised text, the search entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from docstore.models.papers import Document, Version


class Derivative(models.Model):
    """What the background work derived from a version: its text and its page images. Kept apart from the
    immutable Version row; can be rebuilt at any time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("处理中")
        READY = "ready", _("已完成")
        UNSUPPORTED = "unsupported", _("不支持预览")
        FAILED = "failed", _("失败")

    version = models.OneToOneField(
        Version, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="derivative"
    )
    text = models.TextField(_("提取文本"), blank=True)
    text_status = models.CharField(_("文本状态"), max_length=16, choices=Status.choices, default="pending")
    preview_status = models.CharField(_("预览状态"), max_length=16, choices=Status.choices, default="pending")
    preview_pages = models.PositiveIntegerField(_("预览页数"), default=0)
    thumbnail_sha256 = models.CharField(_("缩略图"), max_length=64, blank=True)
    # OCR of the pages without a usable text layer (docstore.ocr): "" when the version needs none.
    ocr_status = models.CharField(_("识别状态"), max_length=16, choices=Status.choices, blank=True)
    # The searchable PDF (page images under an invisible text layer), a derived blob, never a version.
    searchable_sha256 = models.CharField(_("可检索PDF"), max_length=64, blank=True)
    # The repaired copy (qpdf) of a damaged PDF version: what previews, text, OCR and stamping read.
    repaired_sha256 = models.CharField(_("修复副本"), max_length=64, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("派生数据")
        verbose_name_plural = _("派生数据")

    def __str__(self):
        return f"{self.version} ({self.preview_status})"


class PreviewPage(models.Model):
    """One page image of a version (PNG in the blob store)."""

    version = models.ForeignKey(
        Version, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="preview_pages"
    )
    page = models.PositiveIntegerField(_("页码"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))

    class Meta:
        verbose_name = _("预览页")
        verbose_name_plural = _("预览页")
        ordering = ["version", "page"]
        constraints = [models.UniqueConstraint(fields=["version", "page"], name="preview_unique_page")]

    def __str__(self):
        return f"{self.version} p{self.page}"


class OcrPage(models.Model):
    """The recognised lines of one page of a version: [{"text", "box": [x0, y0, x1, y1], "confidence"}], the box
    in fractions (0..1) of the upright-as-stored page image (the preview's frame), so that overlays and the
    searchable PDF's text layer need no pixel size. `angle` is how far the page was turned to read it."""

    version = models.ForeignKey(
        Version, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="ocr_pages"
    )
    page = models.PositiveIntegerField(_("页码"))
    engine = models.CharField(_("识别引擎"), max_length=32)
    angle = models.PositiveSmallIntegerField(_("旋转角度"), default=0)
    lines = models.JSONField(_("识别行"), default=list)
    text = models.TextField(_("识别文本"), blank=True)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("识别页")
        verbose_name_plural = _("识别页")
        ordering = ["version", "page"]
        constraints = [models.UniqueConstraint(fields=["version", "page"], name="ocr_unique_page")]

    def __str__(self):
        return f"{self.version} p{self.page} ({self.engine})"


class SearchEntry(models.Model):
    """The searchable text of a document (its title, type, metadata, dossier and the text of its current
    version). The full-text index itself lives beside it: an FTS5 table on SQLite, a tsvector column with a
    GIN index on PostgreSQL (see migration 0005 and docstore/search.py)."""

    document = models.OneToOneField(
        Document, verbose_name=_("文档"), on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.TextField(_("标题"), blank=True)
    content = models.TextField(_("内容"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self):
        return str(self.document_id)
