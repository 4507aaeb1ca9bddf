"""Counting every match of a broad text search over a million records costs more than the page itself.
For text searches the count stops at TEXT_COUNT_CAP: lists say "10000+" instead of the exact number. Deep
pages are read by key or in two steps (core.pagination), capped or not."""

from django.utils.functional import cached_property
from rest_framework.response import Response

from core.api import Pagination
from core.pagination import DeepPaginator

TEXT_COUNT_CAP = 10_000


class CappedPaginator(DeepPaginator):
    cap = TEXT_COUNT_CAP

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def paginator_class_for(request):
    capped = bool((request.GET.get("q") or "").strip())
    return CappedPaginator if capped else DeepPaginator


class RecordPagination(Pagination):
    def paginate_queryset(self, queryset, request, view=None):
        capped = bool((request.query_params.get("q") or "").strip())
        self.django_paginator_class = CappedPaginator if capped else DeepPaginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        capped = isinstance(paginator, CappedPaginator) and paginator.capped
        return Response(
            {
                "count": min(paginator.count, TEXT_COUNT_CAP) if capped else paginator.count,
                "count_capped": capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean"}
        return schema
