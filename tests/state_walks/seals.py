"""Walks of the seal tables: seals, loans, requests and the evidence of paper stamping."""

import datetime

from django.utils import timezone

from seals import services as seals
from seals.models import Seal, SealLoan, SealRequest, StampEvidence
from tests.seals.photos import scan_of
from tests.state_walks.base import Walk


class SealWalk(Walk):
    name, model = "seal", Seal
    paths = {"active": ["activate"], "suspended": ["activate", "suspend"], "destroyed": ["destroy"]}

    def new(self):
        return self.fixture("make_seal")(name="新刻合同章", active=False)

    def act(self, obj, action):
        target = self.machine.transition(action).target
        return seals.change_seal_status(self.user("manager"), obj, to_status=target, reason="测试")


class LoanWalk(Walk):
    name, model = "seal_loan", SealLoan
    paths = {"out": ["approve"], "rejected": ["reject"], "returned": ["approve", "return"]}

    def new(self):
        due = timezone.now() + datetime.timedelta(hours=3)
        return seals.request_seal_loan(
            self.user("field"), self.fixture("seal"), purpose="去银行面签", due_at=due
        )

    def act(self, loan, action):
        manager, field = self.user("manager"), self.user("field")
        return {
            "approve": lambda: seals.approve_seal_loan(manager, loan),
            "reject": lambda: seals.reject_seal_loan(manager, loan, reason="不必外借"),
            "return": lambda: seals.return_seal(field, loan),
        }[action]()


class RequestWalk(Walk):
    """Two items: an electronic one (stamped) and a physical one (impressions recorded by the custodian)."""

    name, model = "seal_request", SealRequest
    approved = ["submit", "approve"]
    paths = {
        "submitted": ["submit"],
        "approved": approved,
        "rejected": ["submit", "reject"],
        "returned": ["submit", "return"],
        "withdrawn": ["withdraw"],
        "partly_stamped": [*approved, "record_impressions"],
        "stamped": [*approved, "record_impressions", "record_impressions", "stamp"],
        "closed": [*approved, "close"],
        "revoked": [*approved, "revoke"],
    }

    def new(self):
        electronic = {
            "version": self.fixture("version"),
            "seal": self.fixture("seal"),
            "impressions": 2,
            "mode": "electronic",
            "cross_page": True,
            "placements": [{"page": 1, "x": 150, "y": 60}],
        }
        physical = {**electronic, "mode": "physical", "cross_page": False, "placements": []}
        return self.fixture("make_request")("draft", items=[electronic, physical])

    def act(self, req, action):
        field, manager, clerk = self.user("field"), self.user("manager"), self.user("clerk")
        electronic = req.items.get(mode="electronic")
        physical = req.items.get(mode="physical")
        return {
            "submit": lambda: seals.submit_request(field, req),
            "approve": lambda: seals.approve_request(manager, req),
            "approve_step": lambda: seals.approve_request(manager, req),
            "revoke": lambda: seals.revoke_request(manager, req, reason="客户取消办理"),
            "reject": lambda: seals.reject_request(manager, req, reason="资料不全"),
            "return": lambda: seals.return_request(manager, req, reason="请补充说明"),
            "withdraw": lambda: seals.withdraw_request(field, req),
            "edit": lambda: seals.update_item(field, physical, impressions=3),
            "stamp": lambda: seals.stamp_item(field, electronic),
            "record_impressions": lambda: seals.record_impressions(
                clerk, physical, count=1
            ),  # clerk keeps it
            "close": lambda: seals.close_request(field, req),
        }[action]()


class EvidenceWalk(Walk):
    """Uploaded, it is checking until the worker compares it (queued and not run: the dummy backend); the
    comparison lands on matched or mismatch (a scan with or without the seal); a manager accepts a mismatch."""

    name, model = "stamp_evidence", StampEvidence
    paths = {"accepted": ["accept"]}

    def new(self, matched=False, compared=True):
        approved, make = self.fixture("version"), self.fixture("make_request")
        req = make(
            "approved", version=approved, mode="physical", cross_page=False, placements=[], impressions=1
        )
        if not compared:
            self.fixture("settings").TASKS = {
                "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}
            }
        return seals.add_evidence(
            self.user("clerk"), req.items.get(), files=[scan_of(approved, sealed=matched)]
        )

    def make(self, state):
        obj = self.new(matched=state == "matched", compared=state != "checking")
        if state == "accepted":
            obj = self.fresh(self.act(obj, "accept"))
        assert self.machine.state_of(obj) == state
        return obj

    def act(self, evidence, action):
        if action == "compare":
            return seals.compare_evidence(evidence.pk)
        assert action == "accept"
        return seals.accept_evidence(self.user("manager"), evidence, note="已核实")
