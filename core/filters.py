"""Filters whose input is checked before it reaches the database: an id or a year past what the column holds
(`?dossier=99999999999999999999`, `?original=-1.3e20`) is a 400, not a database overflow."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A whole number 1..2^63-1: a row id."""

    default_error_messages = {"invalid": _("请输入有效的编号。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 9999)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class BoundedModelChoiceField(django_filters.fields.ModelChoiceField):
    """Looks the object up only when the value could be one of its ids."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if field.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}:
            try:
                number = int(str(value))
            except (TypeError, ValueError):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
            if not 1 <= number <= MAX_ID:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class AllYesNo(forms.NullBooleanSelect):
    """A yes/no filter that starts at 全部 (not Django's 未知): an empty choice filters nothing."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


class OrderingFilter(django_filters.OrderingFilter):
    """Sort choices in the reader's language: django-filter's own "(descending)" has no Chinese."""

    descending_fmt = _("%s（倒序）")


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: the fields a Meta generates get the bounded filters too; yes/no
    filters offer 全部/是/否."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.extra.setdefault("widget", AllYesNo)

    FILTER_DEFAULTS = {
        **django_filters.filterset.FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {
            "filter_class": ModelChoiceFilter,
            "extra": lambda f: {"queryset": django_filters.filterset.remote_queryset(f)},
        },
        models.OneToOneField: {
            "filter_class": ModelChoiceFilter,
            "extra": lambda f: {"queryset": django_filters.filterset.remote_queryset(f)},
        },
        models.AutoField: {"filter_class": IdFilter},
        models.BigAutoField: {"filter_class": IdFilter},
    }
