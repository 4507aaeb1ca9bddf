"""With real commits (no test transaction around them): the deliveries go out once the use case's
transaction commits; on PostgreSQL, many workers telling the same event at once still tell each person once."""

import threading

import pytest
from django.db import connection, connections, transaction

from notifications.models import Delivery, Message
from tests.notifications.conftest import ping

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_db")]


def test_a_submission_through_the_api_reaches_the_smtp_server_after_commit(api, people, make_request, smtp):
    req = make_request("draft")
    response = api(people["field"]).post(f"/api/v1/seal-requests/{req.pk}/submit")
    assert response.status_code == 200, response.content
    [mail] = smtp.mails
    assert mail["to"] == "zhangwei@example.com" and mail["subject"] == f"用章申请 #{req.pk} 待您审批"
    assert Delivery.objects.get().status == "sent"


def test_a_refused_use_case_sends_nothing(api, people, make_request, smtp):
    req = make_request("submitted")
    smtp.mails.clear()  # the submission's own mail
    response = api(people["field"]).post(f"/api/v1/seal-requests/{req.pk}/approve")  # not the manager
    assert response.status_code == 403
    assert smtp.mails == [] and not Message.objects.filter(event="seal_request.decided").exists()


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
def test_parallel_workers_telling_one_event_tell_each_person_once(people, smtp):
    workers, errors = 8, []
    barrier = threading.Barrier(workers)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                ping([people["clerk"], people["manager"]], key="same")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Message.objects.count() == 2 and Delivery.objects.count() == 2
    assert sorted(m["to"] for m in smtp.mails) == ["wangfang@example.com", "zhangwei@example.com"]
