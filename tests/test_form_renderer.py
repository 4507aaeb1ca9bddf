"""The forms' renderer (core.form_renderer) writes every select box exactly as Django's own renderer does: the
list pages' filter forms, the dossier form, and select boxes with option groups, a selected value, attributes
and an option of another template."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.form_renderer import FormRenderer

pytestmark = pytest.mark.django_db


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "甲 & <b>"), ("", "---"), (1, "一")])
    grouped = forms.ChoiceField(
        choices=[("组一", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        widget=forms.Select(attrs={"data-autosubmit": True, "class": "wide", "hidden": False}),
    )
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")])
    yes_no = forms.NullBooleanField()


class OtherOption(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


def _both(form_class, data=None, **kwargs) -> tuple[str, str]:
    ours = form_class(data, renderer=FormRenderer(), **kwargs)
    django = form_class(data, renderer=DjangoTemplates(), **kwargs)
    return str(ours), str(django)


@pytest.mark.parametrize("data", [None, {"plain": "1", "grouped": "y", "many": ["p", "q"], "yes_no": "true"}])
def test_select_boxes_render_as_djangos(data):
    ours, django = _both(Everything, data)
    assert ours == django
    assert "<optgroup" in ours
    if data:
        assert '<option value="y" selected>Y</option>' in ours


def test_an_option_of_another_template_is_still_included():
    class Form(forms.Form):
        odd = forms.ChoiceField(choices=[("a", "A")], widget=OtherOption)

    ours, django = _both(Form)
    assert ours == django


def test_the_list_filters_render_as_djangos(clerk, rf):
    from archive.filters import RecordFilter
    from docstore.filters import DocumentFilter, DossierFilter
    from docstore.forms import DossierForm

    for filter_class in (DocumentFilter, DossierFilter, RecordFilter):
        form = filter_class({"ordering": "-title"}).form
        django = filter_class({"ordering": "-title"}).form
        form.renderer, django.renderer = FormRenderer(), DjangoTemplates()
        assert str(form) == str(django)
    assert str(DossierForm(renderer=FormRenderer())) == str(DossierForm(renderer=DjangoTemplates()))


def test_the_setting_names_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
