"""The full-text search page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import require_staff
from core.web import page_of, query_without
from docstore import selectors
from docstore.filters import DocumentFilter


@login_required
def search_page(request):
    require_staff(request.user)
    params = request.GET.copy()
    q = (params.get("q") or "").strip()
    params.pop("q", None)
    params.pop("page", None)
    filterset = DocumentFilter(params, queryset=selectors.document_list())
    hits = selectors.search(q, filterset.qs) if q and filterset.is_valid() else []
    page = page_of(request, hits, 20)
    return render(
        request,
        "docstore/search.html",
        {
            "q": q,
            "filter": filterset,
            "page": page,
            "results": selectors.search_page(list(page.object_list), q),
            "total": getattr(hits, "total", len(hits)),
            "query": query_without(request),
        },
    )
