"""One convention for every workflow: a state table of action -> allowed from-states -> to-state.

Each stateful model declares one `StateMachine`; its services call `machine.check(obj, action)` (409 naming
the current state when the action is not allowed from it) and its pages ask `machine.allowed_actions(user,
obj)` instead of working the rules out again. A transition may carry a guard (who may take it, beyond the
state) and a target that depends on the object (stamping lands on "partly" or "fully stamped").
`manage.py state_tables` prints every registered table; `autodiscover()` imports every app's `states` module,
where its machines are declared.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules
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
    initial: tuple = ()  # the states an object is created in
    # (from, to) pairs the clock takes, not a user (a lock past its expiry has lapsed); no service, listed.
    by_time: tuple = ()
    # (obj, transition) -> Conflict or None: the refusal in the user's words where the default is too vague.
    refusal: Callable[[object, Transition], Conflict | None] | None = None

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

    def require(self, obj, action: str) -> Transition:
        """The transition, or Conflict (409) naming the current state when `action` is not allowed from it."""
        transition = self.transition(action)
        state = self.state_of(obj)
        if state not in transition.sources:
            refused = self.refusal(obj, transition) if self.refusal else None
            raise refused or Conflict(
                gettext(str(self.conflict_message)) % {"state": self.label_of(state)},
                code="wrong_state",
                state=str(state),
                action=action,
            )
        return transition

    def check(self, obj, action: str) -> str:
        """The state after `action`, or Conflict (409) naming the current state."""
        return self.require(obj, action).target_for(obj)

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

    def with_actions(self, user, objects) -> list:
        """The objects as a list, each with `.actions`: what this user may do with it now (list pages)."""
        objects = list(objects)
        for obj in objects:
            obj.actions = self.allowed_actions(user, obj)
        return objects

    def rows(self) -> list[dict]:
        """The table as data: for the listing command and the docs."""
        return [
            {
                "action": t.action,
                "label": str(t.label or t.action),
                "from": [str(s) for s in self.states.values if s in t.sources],
                "to": [str(s) for s in t.possible_targets()],
                "guarded": t.guard is not None,
                "guard": t.guard.__name__.strip("_") if t.guard else "",
                "service": self.services.get(t.action, ""),
            }
            for t in self.transitions
        ] + [
            {
                "action": "(time)",
                "label": "(time)",
                "from": [str(source)],
                "to": [str(target)],
                "guarded": False,
                "guard": "",
                "service": "",
            }
            for source, target in self.by_time
        ]


def autodiscover() -> dict[str, "StateMachine"]:
    """Every app's machines, declared in its `states` module."""
    autodiscover_modules("states")
    return MACHINES


def T(action, sources, target, *, targets=(), guard=None, label="") -> Transition:  # noqa: N802
    """Shorthand for one row of a table."""
    if isinstance(sources, str):
        sources = {sources}
    return Transition(action, frozenset(sources), target, tuple(targets), guard, label)
