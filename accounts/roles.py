"""Roles are Django groups. Services ask `require_role`; templates only mirror what services enforce."""

from django.utils.translation import gettext_lazy as _

from core.errors import Forbidden

CLERK = "clerk"
FIELD_STAFF = "field_staff"
MANAGER = "manager"
# The marketing director (营销总监): a second approver of the company and legal representative's seals.
MARKETING_DIRECTOR = "marketing_director"
ADMIN = "admin"

ROLE_LABELS = {
    CLERK: _("内勤"),
    FIELD_STAFF: _("外勤"),
    MANAGER: _("客服部经理"),
    MARKETING_DIRECTOR: _("营销总监"),
    ADMIN: _("系统管理员"),
}
STAFF_ROLES = (CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR)

# Model permissions each group holds (codename prefixes per app model); the admin group holds all.
ROLE_PERMISSIONS = {
    CLERK: ["view_", "add_dossier", "change_dossier", "add_document", "add_version", "add_customer"],
    FIELD_STAFF: ["view_", "add_document", "add_version"],
    MANAGER: ["view_", "add_", "change_"],
    MARKETING_DIRECTOR: ["view_"],
}


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(ADMIN)
        cached = frozenset(names)
        user._role_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def require_role(user, *roles: str, message=None) -> None:
    if not has_role(user, *roles):
        names = "、".join(str(ROLE_LABELS[r]) for r in roles)
        raise Forbidden(message or _("此操作仅限：%(roles)s。") % {"roles": names})


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups with their permissions (runs after every migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    ours = Permission.objects.filter(content_type__app_label__in=["docstore", "seals", "archive", "accounts"])
    for role in (CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR, ADMIN):
        group, _created = Group.objects.get_or_create(name=role)
        if role == ADMIN:
            wanted = list(Permission.objects.all())
        else:
            prefixes = ROLE_PERMISSIONS[role]
            wanted = [p for p in ours if any(p.codename.startswith(x) or p.codename == x for x in prefixes)]
        group.permissions.set(wanted)


def require_staff(user) -> None:
    """Every page and endpoint of the paper trail: the three staff roles and the admin (who reads)."""
    require_role(user, *STAFF_ROLES, ADMIN)
