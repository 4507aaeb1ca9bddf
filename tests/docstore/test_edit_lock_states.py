"""The edit lock's state table, walked against its service functions: each action lands where the table
says, and is refused (409) from every state the table does not allow it from."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from core.errors import Conflict
from core.states import MACHINES
from docstore import selectors
from docstore.models import CheckOut
from docstore.services import edit_locks
from docstore.states import EDIT_LOCK, RELEASE_REASONS, LockState, lock_state

pytestmark = pytest.mark.django_db

S = LockState


def _lapse(lock):
    CheckOut.objects.filter(pk=lock.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    lock.refresh_from_db()
    return lock


def _in_state(state, holder, document):
    """The document's lock brought into `state` (None when released: a document without a lock)."""
    if state == S.RELEASED:
        return None
    lock = edit_locks.lock_for_edit(holder, document)
    return _lapse(lock) if state == S.LAPSED else lock


def _run(action, clerk, manager, document):
    if action == "lock":
        return edit_locks.lock_for_edit(clerk, document)
    if action == "unlock":
        return edit_locks.unlock_after_edit(clerk, document)
    if action == "force":
        return edit_locks.force_unlock(manager, document, reason="表格巡检")
    return edit_locks.release_expired_locks()


def test_the_table_is_registered_with_its_services():
    assert MACHINES["docstore.edit_lock"] is EDIT_LOCK
    assert set(EDIT_LOCK.actions) == {"lock", "unlock", "force", "expire"}
    for action in EDIT_LOCK.actions:
        assert callable(import_string(EDIT_LOCK.services[action])), action
    assert set(RELEASE_REASONS) == {"unlock", "force", "expire"}
    assert {r["action"]: r["to"] for r in EDIT_LOCK.rows()} == {
        "lock": ["active"],
        "unlock": ["released"],
        "force": ["released"],
        "expire": ["released"],
        "(time)": ["lapsed"],
    }


@pytest.mark.parametrize("action", ["unlock", "force", "expire"])
@pytest.mark.parametrize("state", [S.ACTIVE, S.LAPSED, S.RELEASED])
def test_each_release_follows_the_table(clerk, manager, document, action, state):
    lock = _in_state(state, clerk, document)
    allowed = EDIT_LOCK.allows(state, action)
    if action == "expire":  # the sweep skips what it may not release
        assert _run(action, clerk, manager, document) == (1 if allowed else 0)
    elif allowed:
        _run(action, clerk, manager, document)
    else:
        with pytest.raises(Conflict) as refused:
            _run(action, clerk, manager, document)
        assert refused.value.code == "not_checked_out"
    if lock is not None:
        lock.refresh_from_db()
        if allowed:
            assert lock_state(lock) == EDIT_LOCK.transition(action).target
            assert lock.release_reason == RELEASE_REASONS[action]
        else:
            assert lock_state(lock) == state and lock.release_reason == ""


@pytest.mark.parametrize("state", [S.ACTIVE, S.LAPSED, S.RELEASED])
def test_lock_follows_the_table(clerk, field, document, state):
    before = _in_state(state, field, document)
    if state == S.ACTIVE:
        assert not EDIT_LOCK.allows(state, "lock")
        with pytest.raises(Conflict) as refused:
            edit_locks.lock_for_edit(clerk, document)
        assert refused.value.code == "checked_out"
        return
    lock = edit_locks.lock_for_edit(clerk, document)  # a lapsed lock is released as expired on the way
    assert lock_state(lock) == EDIT_LOCK.transition("lock").target == S.ACTIVE
    if before is not None:
        before.refresh_from_db()
        assert before.release_reason == CheckOut.Release.EXPIRED


def test_allowed_actions_for_the_page(clerk, field, manager, document):
    assert EDIT_LOCK.allowed_actions(clerk, None) == ["lock"]
    lock = edit_locks.lock_for_edit(clerk, document)
    assert EDIT_LOCK.allowed_actions(clerk, lock) == ["unlock"]
    assert EDIT_LOCK.allowed_actions(field, lock) == []
    assert EDIT_LOCK.allowed_actions(manager, lock) == ["force"]
    assert EDIT_LOCK.allowed_actions(manager, _lapse(lock)) == ["force", "expire"]
    assert selectors.active_lock(document) == lock


def test_no_service_imports_the_background_work():
    """tasks -> services, never back: the services send signals that apps.ready() connects."""
    import docstore.services

    for path in Path(docstore.services.__file__).parent.glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        assert not {"docstore.tasks", "docstore.views"} & imported, path.name
