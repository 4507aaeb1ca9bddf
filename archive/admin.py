"""Admin: the manager sets up the archive scheme here. Records and registers are read-only (services only)."""

from django.contrib import admin

from archive.models import (
    ArchiveRecord,
    Category,
    Department,
    DisposalBatch,
    Fonds,
    Letter,
    Location,
    RetentionPeriod,
    TypeDefault,
)


@admin.register(Fonds)
class FondsAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_default")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "position")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_default")


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "years", "position")


@admin.register(TypeDefault)
class TypeDefaultAdmin(admin.ModelAdmin):
    list_display = ("doc_type", "category", "retention")
    list_select_related = ("doc_type", "category", "retention")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ("archival_code", "title", "status", "box")
    search_fields = ("archival_code", "title")
    list_filter = ("status", "category", "year")
    list_select_related = ("box",)


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "parent", "year", "box_number")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "counterparty", "subject", "status")


@admin.register(DisposalBatch)
class DisposalBatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "proposed_by", "decided_by", "decided_at")
