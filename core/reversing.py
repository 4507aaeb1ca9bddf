"""reverse() for the URLs of one object by its integer id, at the cost of a string format.

A list page names a few URLs per row (the document, its dossier, its thumbnail): reverse() walks the resolver
for each, about a tenth of the page's CPU. The URL of id N is the URL of a marker id with N in its place, so
one reverse per view name (and script prefix and URL configuration) serves every row.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 918273645546372819  # an id no row has, found once in the reversed URL


@lru_cache(maxsize=512)
def _halves(viewname: str, prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(viewname, args=[_MARKER], urlconf=urlconf)
    head, found, tail = url.partition(str(_MARKER))
    if not found or str(_MARKER) in tail:
        raise ValueError(f"{viewname} does not take one integer id")
    return head, tail


def reverse_pk(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a URL whose one argument is an integer id (`<int:pk>`)."""
    head, tail = _halves(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{head}{int(pk)}{tail}"


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django forgets its own resolvers (tests override it)
        _halves.cache_clear()
