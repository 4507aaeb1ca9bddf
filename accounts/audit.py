"""Writing and verifying the audit trail. Services call `record` inside their own transaction."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.audit_model import GENESIS_HASH, AuditEvent

_PG_AUDIT_LOCK = 73_110_001  # advisory lock id: serialises appends to the chain on PostgreSQL


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def record(actor, action: str, obj=None, **details) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])
    # On SQLite the IMMEDIATE transaction already holds the database's single write lock.
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    event = AuditEvent(
        seq=(last["seq"] + 1) if last else 1,
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if getattr(actor, "pk", None) else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        details=_json_safe(details),
        prev_hash=last["hash"] if last else GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save()
    return event


@dataclass
class ChainBreak:
    seq: int
    pk: int
    reason: str


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Recompute every hash in order; return (rows checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return checked, ChainBreak(event.seq, event.pk, f"row(s) missing before seq {event.seq}")
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(event.seq, event.pk, "previous hash does not match the row before")
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.seq, event.pk, "content does not match its hash (row edited)")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return checked, None
