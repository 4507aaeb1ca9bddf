"""The forms' renderer: Django's own, with one widget template of ours in front of Django's.

A select box rendered each option through two nested includes (the option, its attributes): a list page's
filter form has some forty options, and the includes were a tenth of the page's CPU. Our `select.html` writes
the standard option in place, byte for byte what Django's templates make (tests/test_form_renderer.py holds
them side by side); an option with another template is still included.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

OURS = Path(__file__).resolve().parent / "form_templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OURS, Path(django.forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
