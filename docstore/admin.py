"""Admin: document types are set up here; dossiers, documents and versions are only shown (services edit them)."""

from django.contrib import admin

from accounts.admin import AuditedAdminMixin
from core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from docstore.models import CheckOut, Customer, Document, DocumentType, Dossier, Version


class CustomerInline(ReadOnlyTabularInline):
    model = Customer
    fields = ("position", "name", "id_number")


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("project", "building", "unit", "created_at")
    search_fields = ("project", "unit", "customers__name")
    inlines = [CustomerInline]


@admin.register(DocumentType)
class DocumentTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position")


class VersionInline(ReadOnlyTabularInline):
    model = Version
    fk_name = "document"
    fields = ("number", "filename", "size", "media_type", "origin", "created_by", "created_at")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "doc_type", "dossier", "created_at")
    list_filter = ("doc_type",)
    search_fields = ("title",)
    list_select_related = ("doc_type", "dossier")
    inlines = [VersionInline]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    """Versions are immutable."""

    list_display = ("document", "number", "filename", "size", "origin", "created_at")
    list_select_related = ("document",)


@admin.register(CheckOut)
class CheckOutAdmin(ReadOnlyAdmin):
    list_display = ("document", "holder", "checked_out_at", "expires_at", "released_at", "release_reason")
    list_select_related = ("document", "holder")
