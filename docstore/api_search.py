"""GET /api/v1/search?q=...: ranked documents with a highlighted snippet; the document list filters apply."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView

from accounts.roles import require_staff
from docstore import selectors
from docstore.filters import DocumentFilter
from docstore.serializers import SearchResultSerializer


class SearchView(GenericAPIView):
    # The filters and the pagination are declared for the schema; get() applies them itself, since `q` is
    # the search terms here, not the list's title filter.
    serializer_class = SearchResultSerializer
    filterset_class = DocumentFilter

    def get_queryset(self):
        return selectors.document_list()

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="检索词")],
        responses=SearchResultSerializer(many=True),
    )
    def get(self, request):
        require_staff(request.user)
        params = request.query_params.copy()
        q = params.pop("q", [""])[-1] if "q" in params else ""
        filterset = DocumentFilter(params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        hits = selectors.search(q, filterset.qs)
        page = self.paginate_queryset(hits)
        results = selectors.search_page(page, q)
        response = self.get_paginated_response(SearchResultSerializer(results, many=True).data)
        # `count`: the ranked results one can page through (a broad word is ranked over its newest
        # DOCSTORE_SEARCH_WINDOW matches); `total`: every matching document, counted.
        response.data["total"] = getattr(hits, "total", len(hits))
        response.data["total_exact"] = getattr(hits, "total_exact", True)
        return response
