"""Two people at once on one case step, one payment or one unit (PostgreSQL: real row locks): exactly one
wins, the other is told why, and nothing is done twice."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import FIELD_STAFF
from cases import services
from cases.models import Case, CaseTemplate, Payment, Step
from core.errors import Conflict
from tests.cases.conftest import papers, step_of
from tests.conftest import make_user

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _at_once(*calls) -> list[str]:
    """Run the calls in threads released together; each gives "ok" or the Conflict's code."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_two_people_complete_one_step_once(flushable_db, field, dossier, add_doc):
    helper = make_user("field2", FIELD_STAFF, display_name="赵强")
    case = services.open_case(field, dossier, CaseTemplate.objects.get(code="commercial_loan"))
    papers(add_doc, dossier)
    step = step_of(case, 1)
    results = _at_once(
        lambda: services.complete_step(field, step), lambda: services.complete_step(helper, step)
    )
    assert results == ["ok", "step_done"]
    assert list(Step.objects.filter(case=case).values_list("number", "status")[:3]) == [
        (1, "done"),
        (2, "active"),
        (3, "waiting"),
    ]
    assert Case.objects.get(pk=case.pk).current_number == 2
    assert AuditEvent.objects.filter(action="case.step_completed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_unit_gets_one_open_case_of_a_template(flushable_db, field, dossier):
    helper = make_user("field2", FIELD_STAFF, display_name="赵强")
    template = CaseTemplate.objects.get(code="house_card")
    results = _at_once(
        lambda: services.open_case(field, dossier, template),
        lambda: services.open_case(helper, dossier, template),
    )
    assert results == ["duplicate_case", "ok"]
    assert Case.objects.filter(dossier=dossier, template=template).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_payment_is_reversed_once(flushable_db, clerk, manager, dossier):
    payment = services.record_payment(
        clerk, dossier, date=timezone.localdate(), amount="50000", kind="deposit", voucher="SJ-0001"
    )
    results = _at_once(
        lambda: services.reverse_payment(clerk, payment, reason="金额录错"),
        lambda: services.reverse_payment(manager, payment, reason="重复录入"),
    )
    assert results == ["already_reversed", "ok"]
    assert Payment.objects.filter(reverses=payment).count() == 1
    assert sum(Payment.objects.filter(dossier=dossier).values_list("amount", flat=True)) == 0
