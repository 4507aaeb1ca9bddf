"""Links to pages other apps own, resolved only when those apps route them (their pages are being built)."""

from django.urls import NoReverseMatch, reverse


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def first_url(*candidates) -> str | None:
    """The first of (name, *args) tuples that resolves."""
    for name, *args in candidates:
        found = url_or_none(name, *args)
        if found:
            return found
    return None


def object_url(obj) -> str | None:
    """obj.get_absolute_url() when the page it names is routed."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return None
