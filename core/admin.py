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


class NamedJoinsMixin:
    """Join only the relations the list shows.

    With `list_select_related = False` and a foreign key in `list_display`, Django calls a bare
    `select_related()`, which follows every non-null foreign key to any depth: the impressions list became a
    join of some thirty tables, which PostgreSQL could take minutes to plan and run on a small database.
    """

    def get_list_select_related(self, request):
        if self.list_select_related is not False:
            return self.list_select_related
        shown = set(self.get_list_display(request))
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if field.is_relation and (field.many_to_one or field.one_to_one) and field.name in shown
        ]


class ReadOnlyAdmin(NamedJoinsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
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
