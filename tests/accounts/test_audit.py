import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts import audit
from accounts.audit_model import AppendOnlyError, AuditEvent


def _verify():
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def _record(actor, n=3):
    for i in range(n):
        with transaction.atomic():
            audit.record(actor, "test.action", actor, step=i, note="中文说明")


@pytest.mark.django_db
def test_chain_links_and_verifies(clerk):
    _record(clerk, 4)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[1].prev_hash == events[0].hash
    assert events[0].actor_name == "王芳"
    ok, out = _verify()
    assert ok and "intact: 4 events" in out


@pytest.mark.django_db(transaction=True)
def test_record_outside_transaction_is_refused(clerk):
    with pytest.raises(RuntimeError):
        audit.record(clerk, "x")


@pytest.mark.django_db
def test_no_code_path_updates_or_deletes(clerk):
    _record(clerk, 1)
    event = AuditEvent.objects.get()
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_database_refuses_raw_update(clerk):
    _record(clerk, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET action = 'forged'")


def _tamper(sql: str) -> None:
    """Change the table behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
            cursor.execute(sql)
        else:
            cursor.execute("SET session_replication_role = replica")  # superuser: triggers off
            cursor.execute(sql)
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.mark.django_db
def test_verify_names_the_edited_row(clerk):
    _record(clerk, 5)
    _tamper("UPDATE accounts_auditevent SET action = 'forged' WHERE seq = 3")
    ok, out = _verify()
    assert not ok
    assert "BROKEN at seq 3" in out and "edited" in out


@pytest.mark.django_db
def test_verify_notices_a_deleted_row(clerk):
    _record(clerk, 5)
    _tamper("DELETE FROM accounts_auditevent WHERE seq = 2")
    ok, out = _verify()
    assert not ok and "BROKEN at seq 3" in out
