"""reverse() for the URLs of one object by its integer ids, at the cost of a string format.

A list page names a few URLs per row (the document, its dossier, its thumbnail): reverse() walks the resolver
for each, about a tenth of the page's CPU. The URL of id N is the URL of a marker id with N in its place, so
one reverse per view name (and script prefix and URL configuration) serves every row. A URL of several ids
(a case's step: case id and step number) takes one marker each.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = (
    918273645546372819  # ids no row has (one per argument, all of one length), found in the reversed URL
)


@lru_cache(maxsize=512)
def _pieces(viewname: str, count: int, prefix: str, urlconf) -> tuple[str, ...]:
    markers = [str(_MARKER - i) for i in range(count)]
    rest = reverse(viewname, args=[int(m) for m in markers], urlconf=urlconf)
    pieces = []
    for marker in markers:
        head, found, rest = rest.partition(marker)
        if not found:
            raise ValueError(f"{viewname} does not take {count} integer ids")
        pieces.append(head)
    if any(marker in rest for marker in markers):
        raise ValueError(f"{viewname} does not take {count} integer ids")
    return (*pieces, rest)


def reverse_ids(viewname: str, *ids: int) -> str:
    """reverse(viewname, args=ids) for a URL whose arguments are all integers (`<int:…>`), in their order."""
    pieces = _pieces(viewname, len(ids), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return "".join(f"{piece}{int(i)}" for piece, i in zip(pieces, ids, strict=False)) + pieces[-1]


def reverse_pk(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a URL whose one argument is an integer id (`<int:pk>`)."""
    return reverse_ids(viewname, pk)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django forgets its own resolvers (tests override it)
        _pieces.cache_clear()
