"""Pages of long lists that stay fast at any depth (issue 15: OFFSET pagination degraded with depth, 300-565 ms
for the archive's page 10,000 and the last of a million records).

- The next and previous pages are found by key: their links carry a signed cursor with the sort values of
  the last (first) row shown, and the page is "the rows after the cursor, in the list's order" — as fast on
  page 10,000 as on page 2, and stable while rows are added (no row shown twice, none skipped).
- A page asked for by its number (a typed URL, the first and last links) skips its offset over the narrowest
  query (the ids alone, in the list's order, from whichever end of the list is nearer: the last page of a
  million rows skips none), then reads that page's rows with their joins.
A list is paged by key when it is a queryset ordered by fields (a pk tiebreak is added); anything else (a list
of search hits, an ordering by expression, DISTINCT) is paged the usual way.
"""

import datetime
import json

from django.core import signing
from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet

SALT = "core.pagination"
DIRECT_OFFSET = 500  # rows: a plain OFFSET this short costs no more than the two steps


def ordering_of(queryset) -> list[tuple[str, bool]] | None:
    """[(field path, descending)] ending in the pk, or None when the list cannot be paged by key."""
    if not isinstance(queryset, QuerySet) or queryset.query.distinct or queryset.query.combinator:
        return None
    query = queryset.query
    names = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
    if not query.standard_ordering:
        names = [name[1:] if str(name).startswith("-") else f"-{name}" for name in names]
    ordering = []
    for name in names:
        if not isinstance(name, str) or name == "?" or "." in name:
            return None
        desc = name.startswith("-")
        path = name.lstrip("-+")
        if path in ("pk", queryset.model._meta.pk.name):
            return [*ordering, ("pk", desc)]
        try:
            field = _field(queryset.model, path)
        except Exception:  # an annotation, a transform: not a column of the rows
            return None
        if field.is_relation or field.null:  # a relation sorts by its model's ordering; NULLs sort apart
            return None
        ordering.append((path, desc))
    return [*ordering, ("pk", ordering[-1][1] if ordering else False)]


def _field(model, path: str):
    parts = path.split("__")
    field = None
    for index, part in enumerate(parts):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if index < len(parts) - 1:
            model = field.related_model
    return field


def _value(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, "pk" if part == "pk" else part, None)
        if obj is None:
            return None
    return obj


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds: a cursor must name its row exactly)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def cursor_for(obj, ordering) -> str | None:
    values = [_value(obj, path) for path, _desc in ordering]
    if any(v is None for v in values):
        return None  # a NULL in the sort key: the list is paged by number there
    payload = json.dumps([[p for p, _ in ordering], values], cls=_Exact)
    return signing.dumps(payload, salt=SALT, compress=True)


def read_cursor(token: str, queryset, ordering) -> list | None:
    """The sort values in a cursor made for this ordering; None for a forged, stale or foreign one."""
    try:
        paths, values = json.loads(signing.loads(token, salt=SALT))
        if paths != [p for p, _ in ordering] or len(values) != len(paths):
            return None
        return [_field(queryset.model, p).to_python(v) for p, v in zip(paths, values, strict=True)]
    except Exception:  # anything but a cursor this list made is ignored: the page is read by number
        return None


def after(queryset, ordering, values, *, forward: bool = True):
    """The rows after (before, when not `forward`) the given sort values, in the list's order (reversed when
    going back). The first field also bounds the range, so that an index on it is walked from there."""
    condition, equal = Q(pk__in=[]), Q()
    for (path, desc), value in zip(ordering, values, strict=True):
        later = "lt" if desc == forward else "gt"
        condition |= equal & Q(**{f"{path}__{later}": value})
        equal &= Q(**{path: value})
    first, desc = ordering[0]
    bound = Q(**{f"{first}__{'lte' if desc == forward else 'gte'}": values[0]})
    names = [f"{'-' if desc else ''}{path}" for path, desc in ordering]
    queryset = queryset.filter(bound & condition).order_by(*names)
    return queryset if forward else queryset.reverse()


class KeysetPage(Page):
    next_cursor: str | None = None
    previous_cursor: str | None = None


class DeepPaginator(Paginator):
    """Django's Paginator, with cursors on its pages and deep pages read in two steps (see the module)."""

    def __init__(self, object_list, per_page, *, after: str | None = None, before: str | None = None, **kw):
        super().__init__(object_list, per_page, **kw)
        self.cursor = (after, True) if after else (before, False) if before else None
        self.ordering = ordering_of(object_list)
        if self.ordering is not None:
            names = [f"{'-' if desc else ''}{path}" for path, desc in self.ordering]
            self.object_list = object_list.order_by(*names)

    def page(self, number):
        """The page `number`: the rows next to the neighbouring page's cursor when the request carried one,
        else the rows at its offset."""
        number = self.validate_number(number)
        if self.cursor and self.ordering is not None:
            token, forward = self.cursor
            self.cursor = None  # it names the page next to the one asked for, once
            values = read_cursor(token, self.object_list, self.ordering)
            if values is not None:
                rows = list(after(self.object_list, self.ordering, values, forward=forward)[: self.per_page])
                return self._page_with_cursors(rows if forward else rows[::-1], number)
        bottom = (number - 1) * self.per_page
        if self.ordering is None or bottom < DIRECT_OFFSET:
            page = super().page(number)
            return self._page_with_cursors(list(page.object_list), number)
        top = min(bottom + self.per_page, self.count)
        return self._page_with_cursors(self._rows_at(bottom, top - bottom), number)

    def _rows_at(self, offset: int, size: int) -> list:
        ids_only = self.object_list.values_list("pk", flat=True)
        from_end = self.count - offset - size
        if from_end < offset:  # nearer the end: skip from there
            ids = list(ids_only.reverse()[from_end : from_end + size])[::-1]
        else:
            ids = list(ids_only[offset : offset + size])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def _page_with_cursors(self, rows: list, number: int) -> KeysetPage:
        page = KeysetPage(rows, number, self)
        if self.ordering is not None and rows:
            if page.has_next():
                page.next_cursor = cursor_for(rows[-1], self.ordering)
            if page.has_previous():
                page.previous_cursor = cursor_for(rows[0], self.ordering)
        return page
