"""Every state table against its services (core.states; the tables are listed in docs/workflows.md).

Every action names a service function; every state is initial or reachable; walking a table through its
services lands where the table says; from every state outside an action's sources the service refuses with
409 and leaves the object as it was.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from archive import services as archive
from archive.models import ArchiveRecord, DisposalBatch
from core.errors import Conflict
from core.management.commands.state_tables import render
from tests.archive.conftest import box, new_document, original  # noqa: F401  (fixtures the walks use)
from tests.cases.conftest import other_dossier  # noqa: F401  (a fixture the walks use)
from tests.seals.conftest import make_request, make_seal, seal, version  # noqa: F401  (fixtures the walks use)
from tests.state_walks import MACHINES, WALKS, DisposalWalk, RequestWalk

# Batch use cases leave records in other states out instead of refusing them.
SKIPPING = {("archive_record", "set_trigger")}
# Refused by the use case before the table is asked: a record no longer filed is never due for disposal.
REFUSED_EARLIER = {("archive_record", "dispose"): "not_due"}

# Tables walked by their own app's tests, against every state and action in the same way.
WALKED_ELSEWHERE = {
    "docstore.edit_lock": "tests/docstore/test_edit_lock_states.py",
    "notifications.delivery": "tests/notifications/test_delivery_states.py",
}


def test_every_table_is_walked():
    assert set(WALKS) | set(WALKED_ELSEWHERE) == set(MACHINES)
    for path in WALKED_ELSEWHERE.values():
        assert (settings.BASE_DIR / path).is_file(), path


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_action_names_a_service_function(name):
    machine = MACHINES[name]
    assert set(machine.services) == set(machine.actions)
    for action, dotted in machine.services.items():
        assert callable(import_string(dotted)), f"{name}.{action}: {dotted}"


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_state_is_initial_or_reachable(name):
    machine = MACHINES[name]
    reached = set(machine.initial)
    assert reached, f"{name} declares no initial state"
    grown = True
    while grown:
        before = len(reached)
        for transition in machine.transitions:
            if transition.sources & reached:
                reached |= set(transition.possible_targets())
        reached |= {target for source, target in machine.by_time if source in reached}
        grown = len(reached) > before
    assert reached == set(machine.states.values)


def _cases():
    for name in sorted(WALKS):
        for state in MACHINES[name].states.values:
            yield pytest.param(name, state, id=f"{name}-{state}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state"), _cases())
def test_services_follow_the_table_and_refuse_other_states(name, state, request):
    """Built through the table's own paths; then every action not allowed from here is refused with 409."""
    walk = WALKS[name](request.getfixturevalue)
    obj = walk.make(state)
    refused = [t.action for t in walk.machine.transitions if state not in t.sources]
    for action in refused:
        if (name, action) in SKIPPING:
            assert walk.act(obj, action) == 0
        else:
            with pytest.raises(Conflict) as exc:
                walk.act(obj, action)
            assert exc.value.status == 409, action
            if (name, action) in REFUSED_EARLIER:
                assert exc.value.code == REFUSED_EARLIER[name, action]
            else:  # the table's refusal, in its words
                with pytest.raises(Conflict) as table:
                    walk.machine.require(obj, action)
                assert (exc.value.code, str(exc.value.detail)) == (table.value.code, str(table.value.detail))
        obj = walk.fresh(obj)
        assert walk.machine.state_of(obj) == state, action


@pytest.mark.django_db
def test_approving_a_disposal_refuses_a_record_no_longer_filed(request, manager):
    """The record's own table is asked too: a record disposed meanwhile is not disposed twice."""
    batch = DisposalWalk(request.getfixturevalue).new()
    record = batch.items.get().record
    ArchiveRecord.objects.filter(pk=record.pk).update(status=ArchiveRecord.Status.DISPOSED)
    with pytest.raises(Conflict) as exc:
        archive.approve_disposal(manager, batch)
    assert exc.value.code == "wrong_state"
    assert DisposalBatch.objects.get(pk=batch.pk).status == DisposalBatch.Status.PROPOSED


@pytest.mark.django_db
def test_stamping_lands_on_partly_then_fully_stamped(request):
    """The request table's target depends on the request: fully stamped once every item's impressions are used."""
    walk = RequestWalk(request.getfixturevalue)
    req = walk.make("approved")
    walk.act(req, "stamp")
    assert walk.fresh(req).status == "partly_stamped"  # the physical item is still unused
    walk.act(req, "record_impressions")
    walk.act(req, "record_impressions")
    assert walk.fresh(req).status == "stamped"


def test_docs_list_every_table(capsys):
    call_command("state_tables")
    printed = capsys.readouterr().out
    for name in MACHINES:
        assert f"## {name}\n" in printed
    assert (
        "| `approve` 批准 | `submitted` | `approved` | decider | `seals.services.approve_request` |"
        in printed
    )
    committed = (settings.BASE_DIR / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/workflows.md is stale: run manage.py state_tables --write"
