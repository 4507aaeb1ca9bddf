"""API plumbing shared by every app: the error shape, pagination, base permissions."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import InvalidPage
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import as_domain_error
from core.pagination import DeepPaginator

_DRF_CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "forbidden",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_410_GONE: "gone",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "too_large",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_507_INSUFFICIENT_STORAGE: "storage_full",
}


def error_response(code: str, detail, status_code: int, **extra) -> Response:
    body = {"error": code, "detail": str(detail)}
    body.update(extra)
    return Response(body, status=status_code)


def _first_message(data) -> str:
    if isinstance(data, dict):
        for key, value in data.items():
            message = _first_message(value)
            return message if key in ("detail", "non_field_errors") else f"{key}: {message}"
    if isinstance(data, list | tuple) and data:
        return _first_message(data[0])
    return str(data)


def _render_as_json(context) -> None:
    """An error is JSON even when the request asked for ?format=csv|xlsx|pdf."""
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def exception_handler(exc, context):
    """Every API error is {"error": code, "detail": human text} with the right status (507 for a full disk)."""
    _render_as_json(context)
    domain = as_domain_error(exc)
    if domain is not None:
        return error_response(domain.code, domain.detail, domain.status, **domain.extra)
    if isinstance(exc, OverflowError | DataError):
        # a number past what the database column holds, wherever it slipped through: bad input, not a 500
        return error_response("invalid", _("数值超出范围。"), status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _DRF_CODES.get(response.status_code, "error")
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": code, "detail": _first_message(exc.detail), "fields": exc.detail}
    else:
        response.data = {"error": code, "detail": _first_message(response.data)}
    return response


class Pagination(PageNumberPagination):
    """Page numbers as usual; the next and previous links also carry the cursor of this page's last (first)
    row, so that following them reads the rows next to it by key: fast at any depth and stable while rows are
    added (core.pagination). A page asked for by number alone is read in two steps when it is deep."""

    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = DeepPaginator

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        params = request.query_params
        paginator = self.django_paginator_class(
            queryset, page_size, after=params.get("after"), before=params.get("before")
        )
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=page_number, message=str(exc))
            ) from exc
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_next_link(self):
        return self._with_cursor(super().get_next_link(), "after", getattr(self.page, "next_cursor", None))

    def get_previous_link(self):
        link = super().get_previous_link()
        return self._with_cursor(link, "before", getattr(self.page, "previous_cursor", None))

    @staticmethod
    def _with_cursor(link, name, cursor):
        if link is None:
            return None
        link = remove_query_param(remove_query_param(link, "after"), "before")
        return replace_query_param(link, name, cursor) if cursor else link


def validated(serializer_class, data, **kwargs) -> dict:
    """The validated data of a request body; a body that is not an object (a list, a number) is a 400."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id; a value past what an id column holds is "not found", not a database
    overflow (the stock field lets SQLite's OverflowError through as a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, int | str) and not _fits_an_id(data)):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def _fits_an_id(value) -> bool:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return True  # the stock field reports the type error itself
    return -(2**63) <= number <= 2**63 - 1
