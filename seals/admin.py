from django.contrib import admin

from seals.models import Impression, Seal, SealLoan, SealRequest, SealRequestItem, SealStatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the services (state machine, audit); the admin only looks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusInline(admin.TabularInline):
    model = SealStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "effective_on", "reason", "actor", "created_at"]


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "company", "custodian", "status", "size_mm"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "company"]
    inlines = [StatusInline]


class ItemInline(admin.TabularInline):
    model = SealRequestItem
    extra = 0
    can_delete = False
    readonly_fields = [
        "version",
        "seal",
        "impressions",
        "cross_page",
        "mode",
        "placements",
        "approved_sha256",
        "used",
    ]


@admin.register(SealRequest)
class SealRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "requester", "purpose", "recipient", "status", "created_at", "decided_by"]
    list_filter = ["status", "recipient"]
    search_fields = ["purpose"]
    inlines = [ItemInline]


@admin.register(Impression)
class ImpressionAdmin(ReadOnlyAdmin):
    list_display = ["made_on", "seal", "document", "request", "count", "mode", "anomaly"]
    list_filter = ["mode", "anomaly", "seal"]


@admin.register(SealLoan)
class SealLoanAdmin(ReadOnlyAdmin):
    list_display = ["seal", "borrower", "purpose", "due_at", "status", "returned_at"]
    list_filter = ["status"]
