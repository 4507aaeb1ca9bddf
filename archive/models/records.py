"""Locations (room -> cabinet -> shelf -> box) and archive records with their archival codes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models.scheme import Category, Department, Fonds, RetentionPeriod


class LockedError(Exception):
    pass


class Location(models.Model):
    class Kind(models.TextChoices):
        ROOM = "room", _("库房")
        CABINET = "cabinet", _("档案柜")
        SHELF = "shelf", _("层架")
        BOX = "box", _("档案盒")

    PARENT_KIND = {Kind.ROOM: None, Kind.CABINET: Kind.ROOM, Kind.SHELF: Kind.CABINET, Kind.BOX: Kind.SHELF}

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=50)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    # Box only (DA/T 22: one year, one retention period, one department per box).
    fonds = models.ForeignKey(Fonds, verbose_name=_("全宗"), on_delete=models.PROTECT, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    retention = models.ForeignKey(
        RetentionPeriod, verbose_name=_("保管期限"), on_delete=models.PROTECT, null=True, blank=True
    )
    department = models.ForeignKey(
        Department, verbose_name=_("机构"), on_delete=models.PROTECT, null=True, blank=True
    )
    box_number = models.PositiveIntegerField(_("盒号"), null=True, blank=True)
    note = models.TextField(_("备考"), blank=True)

    class Meta:
        verbose_name = _("存放位置")
        verbose_name_plural = _("存放位置")
        ordering = ["kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="archive_location_unique_name"),
        ]

    def __str__(self):
        if self.kind == self.Kind.BOX and self.box_number:
            return f"{self.name}（{_('盒号')} {self.box_number}）"
        return self.name

    def get_absolute_url(self):
        return reverse("archive:location", args=[self.pk])

    @property
    def is_box(self) -> bool:
        return self.kind == self.Kind.BOX


class ArchiveRecord(models.Model):
    """A filed document (归档文件) with its archival code 档号. Core metadata is locked once filed."""

    class Status(models.TextChoices):
        FILED = "filed", _("已归档")
        DISPOSED = "disposed", _("已销毁")

    LOCKED_FIELDS = (
        "document_id",
        "version_id",
        "fonds_id",
        "category_id",
        "year",
        "retention_id",
        "department_id",
        "item_number",
        "archival_code",
        "title",
        "responsible",
        "doc_date",
        "page_count",
        "dossier_id",
    )
    CORRECTABLE = ("title", "responsible", "doc_date", "page_count", "note")

    document = models.OneToOneField(
        "docstore.Document", verbose_name=_("文档"), on_delete=models.PROTECT, related_name="archive_record"
    )
    version = models.ForeignKey(
        "docstore.Version", verbose_name=_("归档版本"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "docstore.Dossier",
        verbose_name=_("案卷"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_records",
    )
    fonds = models.ForeignKey(Fonds, verbose_name=_("全宗"), on_delete=models.PROTECT)
    category = models.ForeignKey(Category, verbose_name=_("门类"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    retention = models.ForeignKey(RetentionPeriod, verbose_name=_("保管期限"), on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("机构"), on_delete=models.PROTECT)
    item_number = models.PositiveIntegerField(_("件号"))
    archival_code = models.CharField(_("档号"), max_length=64, unique=True)
    title = models.CharField(_("题名"), max_length=200)
    responsible = models.CharField(_("责任者"), max_length=100, blank=True)
    doc_date = models.DateField(_("文件日期"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    box = models.ForeignKey(
        Location,
        verbose_name=_("档案盒"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.FILED)
    trigger_date = models.DateField(_("保管期限起算日"))
    trigger_event = models.CharField(_("起算事件"), max_length=50, blank=True)
    disposal_due = models.DateField(_("到期日"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("归档人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("归档时间"))
    corrected = models.BooleanField(_("有更正"), default=False)
    disposed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案")
        verbose_name_plural = _("档案")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "category", "year", "retention", "department", "item_number"],
                name="archive_record_unique_item",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "year", "id"], name="archive_rec_cat_year"),
            models.Index(fields=["year", "id"], name="archive_rec_year"),
            models.Index(fields=["status", "disposal_due"], name="archive_rec_due"),
            models.Index(fields=["retention", "id"], name="archive_rec_retention"),
            models.Index(fields=["status", "retention", "id"], name="archive_rec_status_ret"),
            models.Index(fields=["status", "id"], name="archive_rec_status"),
        ]

    def __str__(self):
        return f"{self.archival_code} {self.title}"

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded", None)
        if loaded and not getattr(self, "_correcting", False):
            changed = [f for f, v in loaded.items() if getattr(self, f) != v]
            if changed:
                raise LockedError(f"archive record metadata is locked: {', '.join(changed)}")
        super().save(*args, **kwargs)
        self._loaded = {f: getattr(self, f) for f in self.LOCKED_FIELDS}
        self._correcting = False

    def get_absolute_url(self):
        return reverse("archive:record", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {f: getattr(instance, f) for f in cls.LOCKED_FIELDS if f in instance.__dict__}
        return instance


class RecordCorrection(models.Model):
    """An audited change of a filed record's metadata by the manager, shown on the record page."""

    record = models.ForeignKey(
        ArchiveRecord, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="corrections"
    )
    field = models.CharField(_("字段"), max_length=40)
    old_value = models.TextField(_("原值"), blank=True)
    new_value = models.TextField(_("新值"), blank=True)
    reason = models.CharField(_("更正理由"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更正人"), on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("更正时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案更正")
        verbose_name_plural = _("档案更正")
        ordering = ["corrected_at", "id"]

    def __str__(self):
        return f"{self.record_id} {self.field}"
