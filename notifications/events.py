"""The kinds of event people are told about, declared by the apps that send them.

An app declares `Event("seal_request.submitted", _("用章申请待审批"))` at module level in its services (this
app never imports them); the preferences page lists every declared event, found by `autodiscover()` as
`core.states` finds the state tables.
"""

import importlib
import pkgutil
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

EVENTS: dict[str, "Event"] = {}
_discovered = False


@dataclass(frozen=True)
class Event:
    code: str
    label: str  # a lazy translation: the preferences page shows it
    group: str = ""  # a heading for the preferences page (lazy), e.g. "用印"

    def __post_init__(self):
        known = EVENTS.get(self.code)
        if known is not None and known != self:
            raise ValueError(f"event {self.code!r} declared twice")
        EVENTS[self.code] = self

    def __str__(self):
        return str(self.label)


# Sent by this app itself: the daily digest of messages held back for it.
DIGEST = Event("notifications.digest", _("每日汇总"))


def autodiscover() -> dict[str, Event]:
    """Every declared event: imports each app's `services` module (and, for a package, its submodules)."""
    global _discovered
    if _discovered:
        return EVENTS
    for config in apps.get_app_configs():
        name = f"{config.name}.services"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            importlib.import_module(f"{name}.{info.name}")
    _discovered = True
    return EVENTS


def choices() -> list[tuple[str, str]]:
    """(code, label) of every event people may choose, by group then label."""
    found = autodiscover()
    events = [e for e in found.values() if e.code != DIGEST.code]
    return [(e.code, str(e.label)) for e in sorted(events, key=lambda e: (str(e.group), e.code))]
