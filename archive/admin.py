"""Admin: the manager sets up the archive scheme here (fonds, categories, departments, retention periods, type
defaults). Records, locations, originals and the registers are only shown: the services edit them."""

from django.contrib import admin

from accounts.admin import AuditedAdminMixin
from archive.models import (
    ArchiveRecord,
    Category,
    Department,
    DisposalBatch,
    DisposalItem,
    Filing,
    Fonds,
    Hold,
    Letter,
    Location,
    Movement,
    Original,
    RecordCorrection,
    RetentionPeriod,
    TypeDefault,
)
from core.admin import ReadOnlyAdmin, ReadOnlyTabularInline


@admin.register(Fonds)
class FondsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "is_default")


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "position")


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "is_default")


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "years", "position")


@admin.register(TypeDefault)
class TypeDefaultAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("doc_type", "category", "retention")
    list_select_related = ("doc_type", "category", "retention")


class CorrectionInline(ReadOnlyTabularInline):
    model = RecordCorrection


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ("archival_code", "title", "status", "box")
    search_fields = ("archival_code", "title")
    list_filter = ("status", "category", "year")
    list_select_related = ("box",)
    inlines = [CorrectionInline]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "parent", "year", "box_number")


class MovementInline(ReadOnlyTabularInline):
    model = Movement
    fk_name = "original"
    fields = ("kind", "created_at", "party_type", "holder", "holder_name", "purpose", "due_date", "closed_at")


@admin.register(Original)
class OriginalAdmin(ReadOnlyAdmin):
    list_display = ("document", "kind", "status", "home")
    list_filter = ("kind", "status")
    list_select_related = ("document", "home")
    inlines = [MovementInline]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "counterparty", "subject", "status")


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ("document", "kind", "status", "filing_number", "submitted_at")
    list_filter = ("kind", "status")
    list_select_related = ("document",)


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ("record", "dossier", "reason", "placed_at", "released_at")


class DisposalItemInline(ReadOnlyTabularInline):
    model = DisposalItem


@admin.register(DisposalBatch)
class DisposalBatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "proposed_by", "decided_by", "decided_at")
    inlines = [DisposalItemInline]
