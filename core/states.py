"""One convention for every workflow: a state table of action -> allowed from-states -> to-state.

Each stateful model declares one `StateMachine`; its services call `machine.check(obj, action)` (409 naming
the current state when the action is not allowed from it) and its pages ask `machine.allowed_actions(user,
obj)` instead of working the rules out again. A transition may carry a guard (who may take it, beyond the
state) and a target that depends on the object (stamping lands on "partly" or "fully stamped").
`manage.py state_tables` prints every registered table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict

# Every machine, by name, for the listing command and the table-walking test.
MACHINES: dict[str, "StateMachine"] = {}


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    # A state, or a function of the object that picks one of `targets`.
    target: str | Callable[[object], str]
    targets: tuple = ()
    # (user, obj) -> bool: who may take the transition; the service still raises its own precise 403.
    guard: Callable[[object, object], bool] | None = None
    label: str = ""

    def target_for(self, obj) -> str:
        return self.target(obj) if callable(self.target) else self.target

    def possible_targets(self) -> tuple:
        return self.targets if callable(self.target) else (self.target,)


@dataclass
class StateMachine:
    name: str
    states: type  # a TextChoices class
    state_field: str = "status"
    transitions: list[Transition] = field(default_factory=list)
    conflict_message: str = _("当前状态为“%(state)s”，不能执行此操作。")
    services: dict = field(default_factory=dict)  # action -> dotted path of the service function

    def __post_init__(self):
        seen = set()
        for transition in self.transitions:
            if transition.action in seen:
                raise ValueError(f"{self.name}: action {transition.action!r} declared twice")
            seen.add(transition.action)
        MACHINES[self.name] = self

    def transition(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise KeyError(f"{self.name} has no action {action!r}")

    @property
    def actions(self) -> list[str]:
        return [t.action for t in self.transitions]

    def state_of(self, obj) -> str:
        return obj if isinstance(obj, str) else getattr(obj, self.state_field)

    def allows(self, obj_or_state, action: str) -> bool:
        return self.state_of(obj_or_state) in self.transition(action).sources

    def check(self, obj, action: str) -> str:
        """The state after `action`, or Conflict (409) naming the current state."""
        transition = self.transition(action)
        state = self.state_of(obj)
        if state not in transition.sources:
            raise Conflict(
                gettext(str(self.conflict_message)) % {"state": self.label_of(state)},
                code="wrong_state",
                state=str(state),
                action=action,
            )
        return transition.target_for(obj)

    def label_of(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return str(state)

    def can(self, user, obj, action: str) -> bool:
        transition = self.transition(action)
        if self.state_of(obj) not in transition.sources:
            return False
        return transition.guard is None or bool(transition.guard(user, obj))

    def allowed_actions(self, user, obj, among: Iterable[str] | None = None) -> list[str]:
        names = self.actions if among is None else [a for a in self.actions if a in set(among)]
        return [a for a in names if self.can(user, obj, a)]

    def rows(self) -> list[dict]:
        """The table as data: for the listing command and the docs."""
        return [
            {
                "action": t.action,
                "label": str(t.label or t.action),
                "from": [str(s) for s in sorted(t.sources)],
                "to": [str(s) for s in t.possible_targets()],
                "guarded": t.guard is not None,
                "service": self.services.get(t.action, ""),
            }
            for t in self.transitions
        ]


def T(action, sources, target, *, targets=(), guard=None, label="") -> Transition:  # noqa: N802
    """Shorthand for one row of a table."""
    if isinstance(sources, str):
        sources = {sources}
    return Transition(action, frozenset(sources), target, tuple(targets), guard, label)
