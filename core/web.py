"""Helpers for thin HTML list views: one page of a queryset, and the query string to page through it."""

from core.pagination import DeepPaginator

PAGE_SIZE = 25
CURSOR_PARAMETERS = ("after", "before")


def page_of(request, queryset, size: int = PAGE_SIZE, paginator_class=DeepPaginator):
    """The page the request asks for (`page=N`), read next to the neighbouring page's rows when the link
    carries their cursor (`after`, `before`: see core.pagination), else by its number."""
    paginator = paginator_class(
        queryset, size, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return paginator.get_page(request.GET.get("page"))


def query_without(request, *names: str) -> str:
    """The current query string without `page` and the cursors (and the other names): the pager and export
    links add theirs."""
    params = request.GET.copy()
    for name in ("page", *CURSOR_PARAMETERS, *names):
        params.pop(name, None)
    return params.urlencode()
