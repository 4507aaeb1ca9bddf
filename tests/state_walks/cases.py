"""Walks of the case tables: cases and their steps."""

from cases import services as cases
from cases.models import Case, Step
from tests.state_walks.base import Walk


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
