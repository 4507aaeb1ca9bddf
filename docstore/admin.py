from django.contrib import admin

from docstore.models import Customer, Document, DocumentType, Dossier, Version


class CustomerInline(admin.TabularInline):
    model = Customer
    extra = 0


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("project", "building", "unit", "created_at")
    search_fields = ("project", "unit", "customers__name")
    inlines = [CustomerInline]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_type", "dossier", "created_at")
    list_filter = ("doc_type",)
    search_fields = ("title",)
    list_select_related = ("doc_type", "dossier")
    readonly_fields = ("current_version",)


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    """Read-only: versions are immutable."""

    list_display = ("document", "number", "filename", "size", "origin", "created_at")
    list_select_related = ("document",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
