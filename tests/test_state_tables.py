"""Every state table against its services (core.states; the tables are listed in docs/workflows.md).

Every action names a service function; every state is initial or reachable; walking a table through its
services lands where the table says; from every state outside an action's sources the service refuses with
409 and leaves the object as it was.
"""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from archive import services as archive
from archive.models import ArchiveRecord, DisposalBatch, Filing, Letter, Original
from cases import services as cases
from cases.models import Case, Step
from core.errors import Conflict
from core.management.commands.state_tables import render
from core.states import autodiscover
from seals import services as seals
from seals.models import Seal, SealLoan, SealRequest, StampEvidence
from tests.archive.conftest import box, new_document, original  # noqa: F401  (fixtures the walks use)
from tests.cases.conftest import other_dossier  # noqa: F401  (a fixture the walks use)
from tests.seals.conftest import make_request, make_seal, seal, version  # noqa: F401  (fixtures the walks use)
from tests.seals.photos import scan_of

MACHINES = autodiscover()
LONG_AGO = datetime.date(2001, 1, 1)
# Batch use cases leave records in other states out instead of refusing them.
SKIPPING = {("archive_record", "set_trigger")}
# Refused by the use case before the table is asked: a record no longer filed is never due for disposal.
REFUSED_EARLIER = {("archive_record", "dispose"): "not_due"}


class Walk:
    """One machine's objects in any state, built through its services, and any of its actions taken."""

    name = ""
    model = None
    paths: dict[str, list[str]] = {}  # state -> the actions that lead there from the initial state

    def __init__(self, fixture):
        self.fixture = fixture
        self.machine = MACHINES[self.name]

    def new(self):
        raise NotImplementedError

    def act(self, obj, action):
        raise NotImplementedError

    def fresh(self, obj):
        return self.model.objects.get(pk=obj.pk)

    def make(self, state):
        obj = self.new()
        for action in self.paths.get(state, []):
            self.act(obj, action)
            obj = self.fresh(obj)
            assert self.machine.state_of(obj) in self.machine.transition(action).possible_targets(), action
        assert self.machine.state_of(obj) == state
        return obj

    def user(self, name):
        return self.fixture(name)


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


class OriginalWalk(Walk):
    name, model = "original", Original
    paths = {"out": ["check_out"], "handed_over": ["hand_over"]}

    def new(self):
        return self.fixture("original")

    def act(self, obj, action):
        clerk = self.user("clerk")
        receipt = self.fixture("pdf_bytes")
        return {
            "check_out": lambda: archive.check_out_original(
                clerk, obj, party_type="bank", holder_name="建设银行", purpose="按揭"
            ),
            "renew": lambda: archive.renew_original_loan(clerk, obj),
            "return": lambda: archive.return_original(clerk, obj),
            "hand_over": lambda: archive.hand_over_original(
                clerk, obj, receiver_name="陈明", receipt_file=io.BytesIO(receipt)
            ),
        }[action]()


def expired_record(fixture) -> ArchiveRecord:
    """A filed record whose retention ran out, so that it may be proposed for disposal."""
    clerk = fixture("clerk")
    record = archive.file_document(clerk, fixture("new_document")("company_notice"), year=2026)
    archive.set_retention_trigger(clerk, [record], trigger_date=LONG_AGO, event="合同履行完毕")
    return ArchiveRecord.objects.get(pk=record.pk)


class RecordWalk(Walk):
    name, model = "archive_record", ArchiveRecord
    paths = {"disposed": ["dispose"]}

    def new(self):
        return expired_record(self.fixture)

    def act(self, record, action):
        clerk, manager = self.user("clerk"), self.user("manager")
        return {
            "correct": lambda: archive.correct_record(manager, record, reason="笔误", title="更正后的题名"),
            "place": lambda: archive.place_in_box(clerk, record, None),
            "set_trigger": lambda: archive.set_retention_trigger(
                clerk, [record], trigger_date=LONG_AGO, event="合同履行完毕"
            ),
            "dispose": lambda: archive.approve_disposal(manager, archive.propose_disposal(clerk, [record])),
        }[action]()


class FilingWalk(Walk):
    name, model = "filing", Filing
    paths = {"accepted": ["accept"], "rejected": ["reject"], "returned": ["accept", "return"]}

    def new(self):
        return archive.submit_filing(self.user("clerk"), self.fixture("document"), kind="online_filing")

    def act(self, filing, action):
        clerk = self.user("clerk")
        return {
            "accept": lambda: archive.accept_filing(clerk, filing, filing_number="BA2026-0815"),
            "reject": lambda: archive.reject_filing(clerk, filing, reason="附件不全"),
            "return": lambda: archive.return_filing(clerk, filing),
        }[action]()


class DisposalWalk(Walk):
    name, model = "disposal_batch", DisposalBatch
    paths = {"approved": ["approve"], "rejected": ["reject"]}

    def new(self):
        return archive.propose_disposal(self.user("clerk"), [expired_record(self.fixture)], reason="到期鉴定")

    def act(self, batch, action):
        manager = self.user("manager")
        return {
            "approve": lambda: archive.approve_disposal(manager, batch, note="同意"),
            "reject": lambda: archive.reject_disposal(manager, batch, note="暂缓"),
        }[action]()


class LetterWalk(Walk):
    name, model = "letter", Letter
    paths = {"replied": ["reply"], "closed": ["close"]}

    def new(self):
        return archive.register_letter(
            self.user("clerk"),
            direction="in",
            date=timezone.localdate(),
            counterparty="建设银行",
            subject="来函",
        )

    def act(self, letter, action):
        clerk = self.user("clerk")
        return {
            "reply": lambda: archive.register_letter(
                clerk,
                direction="out",
                date=timezone.localdate(),
                counterparty="建设银行",
                subject="复函",
                replies_to=letter,
            ),
            "close": lambda: archive.close_letter(clerk, letter),
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
                "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
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


def walk_template(fixture):
    """Two steps by field staff, the first optional: a case whose steps can be completed, skipped and refused."""
    return cases.create_template(fixture("manager"), code="walk", name="两步业务", kind="mortgage", steps=[
        {"name": "第一步", "owner_role": "field_staff", "optional": True},
        {"name": "第二步", "owner_role": "field_staff"},
    ])  # fmt: skip


class CaseWalk(Walk):
    name, model = "case", Case
    paths = {"closed": ["work", "work"], "cancelled": ["cancel"]}

    def new(self):
        return cases.open_case(self.user("field"), self.fixture("dossier"), walk_template(self.fixture))

    def act(self, case, action):
        manager = self.user("manager")
        # the active step, or (closed case) the last one
        step = case.steps.filter(status="active").first() or case.steps.order_by("number").last()
        return {
            "work": lambda: cases.complete_step(self.user("field"), step),
            "cancel": lambda: cases.cancel_case(manager, case, reason="客户放弃"),
            "move": lambda: cases.move_case(manager, case, self.fixture("other_dossier"), reason="调房"),
        }[action]()


class StepWalk(Walk):
    """The first step of a fresh case is active; its second step waits."""

    name, model = "case_step", Step
    paths = {"done": ["complete"], "skipped": ["skip"]}

    def new(self):
        case = cases.open_case(self.user("field"), self.fixture("dossier"), walk_template(self.fixture))
        return case.steps.get(number=1)

    def make(self, state):
        if state == "waiting":
            step = self.new().case.steps.get(number=2)
            assert step.status == state
            return step
        return super().make(state)

    def act(self, step, action):
        field = self.user("field")
        return {
            "complete": lambda: cases.complete_step(field, step),
            "advance": lambda: cases.advance_step(field, step, trigger="walk"),
            "skip": lambda: cases.skip_step(field, step, reason="不需要"),
            "request_seal": lambda: cases.request_seal(field, step),
        }[action]()


WALKS = {
    walk.name: walk
    for walk in (
        SealWalk,
        LoanWalk,
        RequestWalk,
        OriginalWalk,
        RecordWalk,
        FilingWalk,
        DisposalWalk,
        LetterWalk,
        EvidenceWalk,
        CaseWalk,
        StepWalk,
    )
}


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
