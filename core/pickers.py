"""Type-ahead pickers instead of internal numbers.

`PickerInput` keeps the plain input the form always had (the id, or the value the filter takes), so the form
works without script; static/js/picker.js puts a search box in front of it that asks the owning app's JSON
endpoint while the user types and writes the chosen row's value into it. Each endpoint answers
`{"results": [{"id", "label", "detail"}]}` through `picker_response`. The widget names the endpoint by its URL
name (the app that defines the form passes it), so core names no app.
"""

import json
from urllib.parse import urlencode

from django import forms
from django.http import JsonResponse
from django.urls import reverse

LIMIT = 10


class PickerInput(forms.TextInput):
    """`url_name`: the endpoint's route; `params`: {query parameter: CSS selector of another field whose value
    narrows the search (the dossier for a document)}; `query`: fixed query parameters; `key`: the result field written into the input ("id");
    `labeller`: value -> the text shown for a value already set (a model choice field finds its object)."""

    def __init__(self, url_name: str, *, params=None, query=None, key="id", labeller=None, attrs=None):
        super().__init__(attrs)
        self.url_name, self.params, self.key, self.labeller = url_name, params or {}, key, labeller
        self.query = query or {}  # fixed query parameters: {"active": "1"}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = context["widget"]["attrs"]
        url = reverse(self.url_name)
        extra["data-picker"] = f"{url}?{urlencode(self.query)}" if self.query else url
        extra["autocomplete"] = "off"
        if self.params:
            extra["data-picker-params"] = json.dumps(self.params)
        if self.key != "id":
            extra["data-picker-key"] = self.key
        label = self.label_of(value)
        if label:
            extra["data-picker-label"] = label
        return context

    def label_of(self, value) -> str:
        if value in (None, "", []):
            return ""
        if self.labeller is not None:
            return self.labeller(value) or ""
        queryset = getattr(getattr(self, "choices", None), "queryset", None)
        if queryset is None:
            return ""
        try:
            obj = queryset.filter(pk=int(str(value))).first()
        except (TypeError, ValueError, OverflowError):
            return ""
        return str(obj) if obj is not None else ""


def query_of(request) -> str:
    return (request.GET.get("q") or "").strip()[:100]


def picker_response(rows) -> JsonResponse:
    """rows: dicts with id, label and (optionally) detail and more keys."""
    return JsonResponse({"results": list(rows)}, json_dumps_params={"ensure_ascii": False})


def labeller_for(model):
    """value -> str(the row with that id), for a picker on a plain id field (a filter's IdFilter)."""

    def label(value) -> str:
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            return ""
        if not 1 <= number <= 2**63 - 1:
            return ""
        obj = model._default_manager.filter(pk=number).first()
        return str(obj) if obj is not None else ""

    return label
