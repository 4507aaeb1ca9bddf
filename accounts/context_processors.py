from django.conf import settings
from django.utils.module_loading import import_string

from accounts.roles import ROLE_LABELS, roles_of


def nav_counts(user) -> dict:
    """Counts of waiting items for the navigation, from providers named in settings.NAV_COUNT_PROVIDERS:
    each `callable(user) -> dict[str, int]` (accounts knows no other app)."""
    counts: dict = {}
    for dotted in getattr(settings, "NAV_COUNT_PROVIDERS", []):
        try:
            provider = import_string(dotted)
        except ImportError:
            continue
        counts.update(provider(user))
    return counts


def roles(request):
    user = getattr(request, "user", None)
    mine = roles_of(user) if user is not None else frozenset()
    # Once per request: a page's panels are rendered with the request too (docstore's registry), and each
    # rendering runs the context processors again.
    counts = getattr(request, "_nav_counts", None)
    if counts is None:
        counts = nav_counts(user) if mine else {}
        request._nav_counts = counts
    return {
        "nav_counts": counts,
        "my_roles": mine,
        "my_role_labels": [ROLE_LABELS[r] for r in ROLE_LABELS if r in mine],
    }
