"""What other apps add to docstore's pages: actions (buttons) and panels on the document and dossier pages.

docstore names no higher app. Seals, archive and workbench register here from their `AppConfig.ready()`,
and the pages loop over what is registered (the `docstore_tags` template tags). An action's URL is
reversed on every render: a broken route raises, it never hides the button.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

Visibility = Callable[[Any, Any], bool]  # (user, obj) -> bool


def everyone(user, obj) -> bool:
    """The page itself already checks who may read it."""
    return True


def by_pk(obj) -> tuple:
    return (obj.pk,)


@dataclass(frozen=True)
class Action:
    key: str  # "<app>.<what>", unique within its registry
    label: str | Promise  # gettext_lazy
    url_name: str  # a namespaced route
    url_args: Callable[[Any], tuple] = by_pk
    query: Callable[[Any], dict] | None = None  # the query string, e.g. {"version": 12}
    visible: Visibility = everyone
    order: int = 100
    # Shown on the page of a disposed document too (only the catalogue entry is left: most actions, such as
    # asking for a seal on its version, no longer make sense there).
    when_disposed: bool = False

    def url(self, obj) -> str:
        url = reverse(self.url_name, args=self.url_args(obj))
        params = self.query(obj) if self.query else None
        return f"{url}?{urlencode(params)}" if params else url


@dataclass(frozen=True)
class Panel:
    key: str
    label: str | Promise
    template: str
    context: Callable[[HttpRequest, Any], dict]
    visible: Visibility = everyone
    order: int = 100
    when_disposed: bool = False


Item = TypeVar("Item", Action, Panel)


class Registry(Generic[Item]):
    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, Item] = {}

    def register(self, item: Item) -> Item:
        """Registering a key again replaces it (`ready()` may run more than once)."""
        self._items[item.key] = item
        return item

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)

    def all(self) -> list[Item]:
        return sorted(self._items.values(), key=lambda item: (item.order, item.key))

    def visible_to(self, user, obj, *, disposed: bool = False) -> list[Item]:
        return [
            item for item in self.all() if item.visible(user, obj) and (not disposed or item.when_disposed)
        ]


document_actions: Registry[Action] = Registry("document actions")
dossier_actions: Registry[Action] = Registry("dossier actions")
document_panels: Registry[Panel] = Registry("document panels")
dossier_panels: Registry[Panel] = Registry("dossier panels")

# The viewer's side panel: the object is the version shown (seal use, archival code, the original's location).
viewer_panels: Registry[Panel] = Registry("viewer panels")

ACTIONS = {"document": document_actions, "dossier": dossier_actions}
PANELS = {"document": document_panels, "dossier": dossier_panels, "viewer": viewer_panels}

# Other ways to find a document by what the user types in a picker (the archive's archival code): each
# `callable(q, limit) -> document ids`, registered from the owning app's `AppConfig.ready()`.
document_lookups: list[Callable[[str, int], list[int]]] = []


# What a metadata key means, for the pages (the stored key stays as it is): docstore's own keys here, the
# higher apps' from their `ready()` (seals: "seal_request").
METADATA_LABELS: dict[str, str | Promise] = {}


def register_metadata_label(key: str, label: str | Promise) -> None:
    METADATA_LABELS[key] = label


def metadata_items(metadata) -> list[tuple]:
    """[(label, value)] of a document's metadata: known keys by their name, others as they were typed."""
    return [(METADATA_LABELS.get(key, key), value) for key, value in (metadata or {}).items()]


# ---- list badges and bulk actions (issue 11): the document and dossier lists


@dataclass(frozen=True)
class Badge:
    key: str  # "seals.pending", "archive.filed", ...
    label: str | Promise
    tone: str = ""  # "", "ok", "warn", "hot", "info" (the badge classes)
    order: int = 100


# Callables (rows of one page) -> {row pk: [Badge]}: each answers for the whole page in one query or two, so a
# list costs the same number of queries whatever its length. docstore's own (stamped, checked out) and the
# higher apps' (pending approval, filed, out on loan) are registered from `AppConfig.ready()`.
BadgeSource = Callable[[list], dict[int, list[Badge]]]
document_badges: list[BadgeSource] = []
dossier_badges: list[BadgeSource] = []
BADGES = {"document": document_badges, "dossier": dossier_badges}


def with_badges(kind: str, rows: list) -> list:
    """Set `row.badges` (sorted) on each row of a page."""
    found: dict[int, list[Badge]] = {}
    for source in BADGES[kind]:
        for pk, badges in source(rows).items():
            found.setdefault(pk, []).extend(badges)
    for row in rows:
        row.badges = sorted(found.get(row.pk, []), key=lambda b: (b.order, b.key))
    return rows


@dataclass(frozen=True)
class BulkAction:
    """An action on the documents selected in the list: `run(actor, documents) -> message` calls the owning
    app's services (which check permission and state) and says what was done and what was skipped."""

    key: str
    label: str | Promise
    run: Callable[[Any, list], str]
    visible: Callable[[Any], bool]
    order: int = 100


document_bulk_actions: Registry[BulkAction] = Registry("document bulk actions")
