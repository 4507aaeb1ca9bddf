from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts import audit
from accounts.models import AuditEvent, User
from core.admin import NamedJoinsMixin, ReadOnlyAdmin


class AuditedAdminMixin(NamedJoinsMixin):
    """For the few models the admin may still edit (scheme, types, a seal's description): every add, change
    and delete made here leaves an audit event, as a service would."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            fields = sorted(form.changed_data) if change else []
            audit.record(request.user, "admin.changed" if change else "admin.added", obj, fields=fields)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(request.user, "admin.deleted", obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(request.user, "admin.deleted", obj)
            super().delete_queryset(request, queryset)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("display_name", "is_demo")}),)
    list_display = ("username", "display_name", "email", "is_active", "is_demo")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "actor_name", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name", "action")


# DRF's token list shows the user: join that one relation, not every foreign key behind it.
class TokenAdmin(NamedJoinsMixin, BaseTokenAdmin):
    pass


admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, TokenAdmin)
