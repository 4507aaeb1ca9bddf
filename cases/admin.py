"""The cases in the admin: shown, never edited (templates through the manager's page, the rest through the
services, which check permission and state and write the audit event)."""

from django.contrib import admin

from cases.models import Case, CaseMove, CaseTemplate, Payment, Sale, Step, StepTemplate
from core.admin import ReadOnlyAdmin, ReadOnlyTabularInline


class StepTemplateInline(ReadOnlyTabularInline):
    model = StepTemplate
    fields = ("number", "name", "owner_role", "due_days", "effect", "milestone", "optional")


@admin.register(CaseTemplate)
class CaseTemplateAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "is_active", "version")
    inlines = [StepTemplateInline]


class StepInline(ReadOnlyTabularInline):
    model = Step
    fields = ("number", "name", "owner_role", "status", "due_at", "done_at", "done_by")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "dossier", "status", "owner", "current_name", "current_due")
    list_filter = ("kind", "status")
    list_select_related = ("dossier", "owner")
    inlines = [StepInline]


@admin.register(CaseMove)
class CaseMoveAdmin(ReadOnlyAdmin):
    list_display = ("case", "from_dossier", "to_dossier", "moved_by", "moved_at")


@admin.register(Sale)
class SaleAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "payment_method", "total_price", "loan_bank", "loan_amount", "signed_on")
    list_select_related = ("dossier",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("date", "dossier", "kind", "amount", "voucher", "created_by")
    list_filter = ("kind",)
    list_select_related = ("dossier", "created_by")
