"""The base of every walk: one machine's objects in any state, built through its services."""

import datetime

from core.states import autodiscover

MACHINES = autodiscover()
LONG_AGO = datetime.date(2001, 1, 1)


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
