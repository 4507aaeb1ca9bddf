"""Dossiers, documents and their immutable versions."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    pass


class Dossier(models.Model):
    """One sale: project, building and unit, with its customers (案卷)."""

    project = models.CharField(_("项目"), max_length=100)
    building = models.CharField(_("楼栋"), max_length=20)
    unit = models.CharField(_("房号"), max_length=20)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案卷")
        verbose_name_plural = _("案卷")
        ordering = ["project", "building", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["project", "building", "unit"], name="dossier_unique_unit"),
        ]

    def __str__(self):
        return f"{self.project} {self.unit_label}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("docstore:dossier-detail", args=[self.pk])

    @property
    def unit_label(self) -> str:
        """The department's way of naming a unit: building-unit, e.g. 3-1502."""
        return f"{self.building}-{self.unit}"


class Customer(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("案卷"), on_delete=models.CASCADE, related_name="customers"
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("证件号码"), max_length=32, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["id_number"])]

    def __str__(self):
        return self.name


class DocumentType(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("文档类型")
        verbose_name_plural = _("文档类型")
        ordering = ["position", "code"]

    def __str__(self):
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Document(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("类型"), on_delete=models.PROTECT)
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属文档"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    metadata = models.JSONField(_("元数据"), default=dict, blank=True)
    # Pointer to the newest version, kept by the services so lists need no sub-query.
    current_version = models.OneToOneField(
        "Version",
        verbose_name=_("当前版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The dossier's unit label in natural order ("3-902" before "3-1502"), kept on the row so that sorting
    # the list by unit walks an index instead of joining and sorting every row; "" without a dossier.
    unit_key = models.CharField(_("房号排序键"), max_length=100, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("文档")
        verbose_name_plural = _("文档")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit_key", "id"], name="document_unit_key"),
            # the list's filters and sorts (issue 3: list p95 <= 100 ms at 100,000 documents)
            models.Index(fields=["doc_type", "created_at"], name="document_type_created"),
            models.Index(fields=["created_by", "created_at"], name="document_creator_created"),
            models.Index(fields=["dossier", "created_at"], name="document_dossier_created"),
            models.Index(fields=["title"], name="document_title"),
        ]

    # What describes a document; frozen once it is filed (the archive's correction changes the record).
    DESCRIPTIVE_FIELDS = ("title", "doc_type_id", "dossier_id", "parent_id", "metadata")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_described", None)
        if loaded and any(getattr(self, f) != value for f, value in loaded.items()):
            from docstore import freezing

            freezing.require_not_frozen(self)  # 409 filed / 410 disposed, wherever the edit comes from
        super().save(*args, **kwargs)
        self._described = self._description()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("docstore:document-detail", args=[self.pk])

    @staticmethod
    def unit_key_of(dossier) -> str:
        """Natural sort key of a dossier's unit label: every run of digits padded to ten places."""
        if dossier is None:
            return ""
        return re.sub(r"\d+", lambda m: m.group().zfill(10), dossier.unit_label.lower())[:100]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._described = instance._description()
        return instance

    def _description(self) -> dict:
        # a copy of the metadata dict, so that an edit in place shows as a change
        return {
            f: dict(value) if isinstance(value, dict) else value
            for f in self.DESCRIPTIVE_FIELDS
            if (value := self.__dict__.get(f, self)) is not self
        }


class Version(models.Model):
    """An immutable file of a document. Never edited, never deleted (also enforced by database triggers)."""

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("上传")
        TEMPLATE = "template", _("模板生成")
        STAMP = "stamp", _("盖章")
        STAMP_EVIDENCE = "stamp_evidence", _("用印凭证")  # photos or scans of paper stamped (seals app)

    document = models.ForeignKey(
        Document, verbose_name=_("文档"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小"))
    filename = models.CharField(_("文件名"), max_length=255)
    media_type = models.CharField(_("媒体类型"), max_length=100)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices, default=Origin.UPLOAD)
    # Where a generated version came from: {"template_version": id} or {"seal_request_item": id}.
    origin_detail = models.JSONField(_("来源详情"), default=dict, blank=True)
    # Scripts, launch actions or actions run on opening (a PDF): stored, but flagged and never shown inline.
    active_content = models.BooleanField(_("含活动内容"), default=False)
    # A PDF only qpdf's repair opens: kept byte for byte, read through its repaired copy (Derivative).
    damaged = models.BooleanField(_("已损坏（经修复读取）"), default=False)
    # A PDF that opens only with its user password (never kept): no text, no previews.
    encrypted = models.BooleanField(_("需要打开密码"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="version_unique_number")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("versions are immutable")
        checked = getattr(self, "content_checked", False)  # the upload's inspection read the same bytes
        if self.media_type == "application/pdf" and not self.active_content and not checked:
            # The row is written once, so the stored bytes are classified here, whichever use case (upload,
            # template, stamping) made them; the check is bounded (docstore.validation.pdf).
            from docstore.validation import stored_pdf_active_content

            self.active_content = stored_pdf_active_content(self.sha256)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("versions are never deleted")

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]


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
