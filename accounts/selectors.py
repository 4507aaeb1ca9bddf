"""Reads of the accounts app: the audit trail about given objects."""

from django.db.models import Q

from accounts.models import AuditEvent

# ---- reads the workbench composes


def events_about(objects: dict[str, set], exclude_actions=()):
    """Audit events about these objects ({object_type: ids}), oldest first, in one query."""
    condition = Q(pk__in=[])
    for object_type, ids in objects.items():
        if ids:
            condition |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    return (
        AuditEvent.objects.filter(condition).exclude(action__in=exclude_actions).order_by("created_at", "seq")
    )


def find_people(q: str, limit: int, *, roles=()):
    """Active people whose display name, full name or login name contains `q` (of these roles when given),
    by display name; the role groups prefetched for the picker's detail."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True)
    if roles:
        people = people.filter(groups__name__in=list(roles))
    if q:
        people = people.filter(
            Q(display_name__icontains=q)
            | Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
        )
    ids = list(people.order_by("display_name", "username").values_list("pk", flat=True).distinct()[:limit])
    found = get_user_model().objects.filter(pk__in=ids).prefetch_related("groups")
    return sorted(found, key=lambda u: ids.index(u.pk))
