from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect

from core.errors import DomainError

PAGE_SIZE = 50


def page_of(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def attempt(request, target, fn, success: str):
    """Run a service; flash its DomainError (the page shows why) or the success message, then redirect."""
    try:
        fn()
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(target), exc
    messages.success(request, success)
    return redirect(target), None
