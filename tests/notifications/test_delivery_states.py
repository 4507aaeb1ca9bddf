"""The delivery's state table, walked against its service functions: each action lands where the table says,
and is refused (409) from every state the table does not allow it from."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from core.errors import Conflict
from core.states import MACHINES
from notifications import delivery, services
from notifications.models import Delivery
from notifications.states import DELIVERY, DeliveryStatus
from tests.notifications.conftest import ping

pytestmark = pytest.mark.django_db
S = DeliveryStatus


def test_the_table_is_registered_with_its_services():
    assert MACHINES["notifications.delivery"] is DELIVERY
    for action in DELIVERY.actions:
        assert callable(import_string(DELIVERY.services[action])), action
    assert {r["action"]: r["to"] for r in DELIVERY.rows()} == {
        "send": ["sent"],
        "back_off": ["pending"],
        "give_up": ["failed"],
        "retry": ["pending"],
        "digest": ["digested"],
    }


@pytest.fixture
def in_state(people, robots, settings):
    """A delivery to the clerk's own robot, brought into `state` through the services."""
    settings.NOTIFY_MAX_ATTEMPTS = 2
    clerk = people["clerk"]
    counter = iter(range(1000))

    def make(state):
        digest = state in (S.HELD, S.DIGESTED)
        services.update_preferences(clerk, channels=["wecom"], wecom_webhook=robots.url("/w"), digest=digest)
        ping([clerk], key=str(next(counter)))
        row = Delivery.objects.filter(recipient=clerk, event="tests.ping").latest("id")
        if state == S.SENT:
            delivery.attempt(row.pk)
        elif state == S.FAILED:
            robots.plan = [500, 500]
            delivery.attempt(row.pk)
            delivery.attempt(row.pk, timezone.now() + timedelta(days=1))
        elif state == S.DIGESTED:
            services.send_digests()
        row.refresh_from_db()
        assert row.status == state
        return row

    return make


def _run(action, row, manager):
    if action == "retry":
        return services.retry_delivery(manager, row)
    if action == "digest":
        return services.send_digests()
    return delivery.attempt(row.pk, timezone.now() + timedelta(days=2))


@pytest.mark.parametrize("state", S.values)
def test_every_action_outside_its_sources_changes_nothing(state, in_state, people):
    row = in_state(state)
    for transition in DELIVERY.transitions:
        if state in transition.sources:
            continue
        if transition.action == "retry":
            with pytest.raises(Conflict) as exc:
                _run("retry", row, people["manager"])
            assert exc.value.status == 409
        else:  # the worker and the digest pick only rows in their source state: this one is left alone
            _run(transition.action, row, people["manager"])
        row.refresh_from_db()
        assert row.status == state, transition.action


def test_the_walk_from_pending(in_state, people, robots, settings):
    row = in_state(S.PENDING)
    robots.plan = [500]
    assert delivery.attempt(row.pk) == S.PENDING  # back_off
    assert services.retry_delivery(people["manager"], row).status == S.PENDING
    assert delivery.attempt(row.pk) == S.SENT
    failed = in_state(S.FAILED)
    assert services.retry_delivery(people["manager"], failed).status == S.PENDING
    held = in_state(S.HELD)
    services.send_digests()
    held.refresh_from_db()
    assert held.status == S.DIGESTED and held.digest.status == S.PENDING


@pytest.mark.parametrize("who", ["clerk", "field", "admin_user"])
def test_only_the_manager_retries(in_state, who, request):
    from core.errors import Forbidden

    row = in_state(S.FAILED)
    with pytest.raises(Forbidden):
        services.retry_delivery(request.getfixturevalue(who), row)
