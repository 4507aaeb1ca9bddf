"""Template tags of the seal placement widget."""

import json

from django import template

from seals import selectors

register = template.Library()


@register.simple_tag
def active_seal_sizes() -> str:
    """{seal id: size in mm} of the active seals, as JSON, for the placement widget in a form with a seal select."""
    return json.dumps(selectors.active_seal_sizes())
