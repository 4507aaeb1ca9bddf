from django import template
from django.template.loader import render_to_string

from docstore.registry import ACTIONS, PANELS, metadata_items

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag(takes_context=True)
def registered_actions(context, page: str, obj) -> list[tuple]:
    """[(action, url)] registered for this page ("document" or "dossier") that the user may see; on a disposed
    document's page only those meant for it (`when_disposed`)."""
    user = context["request"].user
    disposed = bool(context.get("disposed"))
    return [(action, action.url(obj)) for action in ACTIONS[page].visible_to(user, obj, disposed=disposed)]


@register.simple_tag(takes_context=True)
def registered_panels(context, page: str, obj) -> list[tuple]:
    """[(panel, html)] registered for this page that the user may see, each rendered with its context."""
    request = context["request"]
    disposed = bool(context.get("disposed"))
    return [
        (panel, render_to_string(panel.template, panel.context(request, obj), request=request))
        for panel in PANELS[page].visible_to(request.user, obj, disposed=disposed)
    ]


@register.filter
def metadata_labelled(metadata) -> list[tuple]:
    """A document's metadata as [(label, value)]: "template" reads 生成自范本 (docstore.registry)."""
    return metadata_items(metadata)


@register.simple_tag(takes_context=True)
def id_number(context, value) -> str:
    """身份证号 as this reader may see it: whole for the clerk and the manager, else 3101**********1234."""
    from core import idnumber
    from docstore.permissions import may_see_id_numbers

    return value if may_see_id_numbers(context["request"].user) else idnumber.mask(value)


@register.simple_tag(takes_context=True)
def ids_in_text(context, text) -> str:
    """Free text (a purpose, a note) with any 身份证号 in it masked unless this reader may see it whole."""
    from core import idnumber
    from docstore.permissions import may_see_id_numbers

    return text if may_see_id_numbers(context["request"].user) else idnumber.mask_in_text(text)


@register.simple_tag
def document_types():
    """The types a drop zone offers (the upload page's own form has its field)."""
    from docstore.models import DocumentType

    return list(DocumentType.objects.all())
