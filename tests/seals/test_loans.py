"""Seal custody: taking a seal out needs the manager's approval; it comes back; it cannot be out twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import Conflict, Forbidden, InvalidInput
from seals import selectors, services
from seals.models import SealLoan


def _due(days=1):
    return timezone.now() + timedelta(days=days)


@pytest.mark.django_db
class TestLoans:
    def test_request_approve_return(self, field, manager, clerk, seal):
        loan = services.request_seal_loan(
            field, seal, purpose="去银行面签", destination="建设银行", due_at=_due()
        )
        assert loan.status == "requested" and loan.borrower == field
        loan = services.approve_seal_loan(manager, loan, comment="当天归还")
        assert loan.status == "out" and loan.decided_by == manager
        loan = services.return_seal(clerk, loan, note="完好")
        assert loan.status == "returned" and loan.returned_to == clerk and loan.returned_at

    def test_cannot_be_out_twice(self, field, field2, manager, seal):
        first = services.approve_seal_loan(
            manager, services.request_seal_loan(field, seal, purpose="a", due_at=_due())
        )
        second = services.request_seal_loan(field2, seal, purpose="b", due_at=_due())
        with pytest.raises(Conflict) as exc:
            services.approve_seal_loan(manager, second)
        assert exc.value.code == "seal_out"
        services.return_seal(field, first)
        assert services.approve_seal_loan(manager, second).status == "out"

    def test_manager_cannot_approve_own(self, manager, seal):
        loan = services.request_seal_loan(manager, seal, purpose="a", due_at=_due())
        with pytest.raises(Forbidden):
            services.approve_seal_loan(manager, loan)

    @pytest.mark.parametrize("who", ["clerk", "field2", "admin", "outsider"])
    def test_only_the_manager_approves(self, users, field, field2, seal, who):
        actor = field2 if who == "field2" else users[who]
        loan = services.request_seal_loan(field, seal, purpose="a", due_at=_due())
        with pytest.raises(Forbidden):
            services.approve_seal_loan(actor, loan)
        with pytest.raises(Forbidden):
            services.reject_seal_loan(actor, loan, reason="x")

    def test_return_by_a_stranger_forbidden(self, field, field2, manager, seal):
        loan = services.approve_seal_loan(
            manager, services.request_seal_loan(field, seal, purpose="a", due_at=_due())
        )
        with pytest.raises(Forbidden):
            services.return_seal(field2, loan)

    def test_wrong_states(self, field, manager, seal):
        loan = services.request_seal_loan(field, seal, purpose="a", due_at=_due())
        with pytest.raises(Conflict):
            services.return_seal(field, loan)
        services.reject_seal_loan(manager, loan, reason="不必外借")
        with pytest.raises(Conflict):
            services.approve_seal_loan(manager, SealLoan.objects.get(pk=loan.pk))

    def test_bad_input_and_inactive_seal(self, field, manager, seal, make_seal, outsider):
        with pytest.raises(InvalidInput):
            services.request_seal_loan(field, seal, purpose="", due_at=_due())
        with pytest.raises(InvalidInput):
            services.request_seal_loan(field, seal, purpose="a", due_at=_due(-1))
        with pytest.raises(Conflict):
            services.request_seal_loan(
                field, make_seal(name="新章", active=False), purpose="a", due_at=_due()
            )
        with pytest.raises(Forbidden):
            services.request_seal_loan(outsider, seal, purpose="a", due_at=_due())

    def test_overdue_listed_for_manager_and_custodian(self, field, manager, clerk, field2, seal):
        loan = services.approve_seal_loan(
            manager, services.request_seal_loan(field, seal, purpose="a", due_at=_due())
        )
        SealLoan.objects.filter(pk=loan.pk).update(due_at=timezone.now() - timedelta(hours=2))
        assert [x.pk for x in selectors.overdue_loans(manager)] == [loan.pk]
        assert [x.pk for x in selectors.overdue_loans(clerk)] == [loan.pk]  # the custodian
        assert list(selectors.overdue_loans(field2)) == []

    def test_api(self, api, field, manager, seal):
        created = api(field).post(
            "/api/v1/seal-loans/",
            {"seal": seal.pk, "purpose": "去房管局", "due_at": _due().isoformat()},
            format="json",
        )
        assert created.status_code == 201, created.content
        loan_id = created.json()["id"]
        assert api(field).post(f"/api/v1/seal-loans/{loan_id}/approve").status_code == 403
        approved = api(manager).post(
            f"/api/v1/seal-loans/{loan_id}/approve", {"comment": "ok"}, format="json"
        )
        assert approved.status_code == 200 and approved.json()["status"] == "out"
        back = api(field).post(f"/api/v1/seal-loans/{loan_id}/return", {}, format="json")
        assert back.status_code == 200 and back.json()["status"] == "returned"
        again = api(field).post(f"/api/v1/seal-loans/{loan_id}/return", {}, format="json")
        assert again.status_code == 409
        assert api(manager).get("/api/v1/seal-loans/?overdue=true").json()["count"] == 0
