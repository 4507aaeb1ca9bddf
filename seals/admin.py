"""Admin: a seal's name, company, size and registration date may be corrected here; its kind, lifecycle, image
and custodian change only through the services (history, audit). Requests, impressions and loans are only
shown."""

from django.contrib import admin

from accounts.admin import AuditedAdminMixin
from core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from seals.models import (
    ApprovalRule,
    ApprovalStep,
    Impression,
    Seal,
    SealLoan,
    SealRequest,
    SealRequestItem,
    SealStatusChange,
)


class StatusInline(ReadOnlyTabularInline):
    model = SealStatusChange
    fields = ["from_status", "to_status", "effective_on", "reason", "actor", "created_at"]


@admin.register(Seal)
class SealAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "company", "custodian", "status", "size_mm"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "company"]
    fields = [
        "name",
        "kind",
        "company",
        "size_mm",
        "registered_on",
        "custodian",
        "status",
        "status_changed_at",
        "image_sha256",
        "created_by",
        "created_at",
    ]
    readonly_fields = [
        "kind",
        "custodian",
        "status",
        "status_changed_at",
        "image_sha256",
        "created_by",
        "created_at",
    ]
    inlines = [StatusInline]

    # A seal is registered (image, history, audit) and destroyed through its lifecycle, never here.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(ReadOnlyTabularInline):
    model = SealRequestItem
    fields = [
        "version",
        "seal",
        "impressions",
        "cross_page",
        "mode",
        "placements",
        "approved_sha256",
        "used",
    ]


class StepInline(ReadOnlyTabularInline):
    model = ApprovalStep
    fields = ["round", "order", "group_name", "user", "decision", "decided_by", "on_behalf_of", "decided_at"]


@admin.register(SealRequest)
class SealRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "requester", "purpose", "recipient", "status", "created_at", "decided_by"]
    list_filter = ["status", "recipient", "batch"]
    search_fields = ["purpose"]
    inlines = [ItemInline, StepInline]


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(ReadOnlyAdmin):
    """Edited by the manager on the rules page (audited), only shown here."""

    list_display = [
        "name",
        "seal_kind",
        "doc_type",
        "recipient",
        "shape",
        "approvers",
        "valid_days",
        "active",
    ]
    list_filter = ["shape", "active"]


@admin.register(Impression)
class ImpressionAdmin(ReadOnlyAdmin):
    list_display = ["made_on", "seal", "document", "request", "count", "mode", "anomaly"]
    list_filter = ["mode", "anomaly", "seal"]


@admin.register(SealLoan)
class SealLoanAdmin(ReadOnlyAdmin):
    list_display = ["seal", "borrower", "purpose", "due_at", "status", "returned_at"]
    list_filter = ["status"]
