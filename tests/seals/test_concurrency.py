"""Two stampings of one item at once cannot pass the approved count (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection, connections

from core.errors import Conflict
from seals import services
from seals.models import Impression, SealRequestItem

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_stampings_cannot_pass_the_count(flushable_db, field, clerk, make_request):
    req = make_request("approved", impressions=2)  # one placement + cross-page = 2: exactly one stamping
    item = req.items.get()
    barrier = threading.Barrier(2)
    results = []

    def stamp(actor):
        try:
            barrier.wait(timeout=10)
            services.stamp_item(actor, item)
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=stamp, args=(who,)) for who in (field, clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["impressions_exceeded", "ok"]
    item = SealRequestItem.objects.get(pk=item.pk)
    assert item.used == 2
    assert Impression.objects.filter(item=item).count() == 1
    assert item.version.document.versions.filter(origin="stamp").count() == 1
