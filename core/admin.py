"""Read-only admin pieces for the paper trail.

Dossiers, documents, seal requests, archive records and the rest change only through the services, which check
permission and state and write the audit event. The admin shows those rows and never edits them: a new
paper-trail ModelAdmin or inline starts from these classes (tests/test_admin_readonly.py walks the registry).
"""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """No add, change or delete, for anyone (superusers too); viewing stays."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        # Every shown field is read-only, so that non-editable ones (created_at) may be listed too.
        if self.fields:
            return list(self.fields)
        parent = self.parent_model
        return [
            f.name
            for f in self.model._meta.fields
            if not f.primary_key and not (f.remote_field and f.remote_field.model is parent)
        ]
