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
        from core.reversing import reverse_pk

        return reverse_pk("docstore:dossier-detail", self.pk)

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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # the documents' sort key follows the type's position
        Document.objects.filter(doc_type=self).exclude(type_position=self.position).update(
            type_position=self.position
        )


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
    # The type's position, kept on the row for the same reason (sorting by type joined and sorted every row:
    # 58 ms at 20,000 documents); the type's save() rewrites it when the position changes.
    type_position = models.PositiveSmallIntegerField(_("类型排序键"), default=0, editable=False)

    class Meta:
        verbose_name = _("文档")
        verbose_name_plural = _("文档")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit_key", "id"], name="document_unit_key"),
            models.Index(fields=["type_position", "id"], name="document_type_position"),
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
        from core.reversing import reverse_pk

        return reverse_pk("docstore:document-detail", self.pk)

    @property
    def thumbnail_url(self) -> str | None:
        """The first page's thumbnail of the current version (lists show one per row)."""
        from core.reversing import reverse_pk

        if self.current_version_id is None:
            return None
        return reverse_pk("docstore:version-thumbnail", self.current_version_id)

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
