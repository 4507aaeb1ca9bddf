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
