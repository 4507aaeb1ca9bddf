"""Helpers for thin HTML list views: one page of a queryset, and the query string to page through it."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without(request, *names: str) -> str:
    """The current query string without `page` (and the other names): the pager and export links add theirs."""
    params = request.GET.copy()
    for name in ("page", *names):
        params.pop(name, None)
    return params.urlencode()
