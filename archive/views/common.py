from django.contrib import messages
from django.shortcuts import redirect

from core.errors import DomainError
from core.web import page_of as _page_of
from core.web import query_without

PAGE_SIZE = 50


def page_of(request, queryset, size=PAGE_SIZE):
    return _page_of(request, queryset, size)


def query_without_page(request) -> str:
    return query_without(request)


def attempt(request, target, fn, success: str):
    """Run a service; flash its DomainError (the page shows why) or the success message, then redirect."""
    try:
        fn()
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(target), exc
    messages.success(request, success)
    return redirect(target), None
