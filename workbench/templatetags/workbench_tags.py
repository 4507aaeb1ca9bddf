from django import template

from workbench.links import object_url, url_or_none

register = template.Library()


def _fallback(obj) -> str | None:
    """Where to send the user while the owning app does not route the object's own page yet."""
    document = getattr(obj, "document", None)
    if document is not None and getattr(document, "pk", None):
        return url_or_none("docstore:document-detail", document.pk)
    dossier_id = getattr(obj, "dossier_id", None)
    if dossier_id:
        return url_or_none("workbench:dossier-timeline", dossier_id)
    label = obj._meta.label_lower if hasattr(obj, "_meta") else ""
    if label.startswith("seals."):
        return url_or_none("seals:request-list") or url_or_none("seals:list")
    if label.startswith("archive."):
        return url_or_none("archive:index")
    return None


@register.filter
def href(obj) -> str:
    """The object's page; while its app does not route it yet, the closest page that is; "#" otherwise."""
    return object_url(obj) or _fallback(obj) or "#"


@register.simple_tag
def active_seal_sizes() -> str:
    """{seal id: size in mm} of the active seals, as JSON, for the placement widget in a form with a seal select."""
    import json

    from seals.models import Seal
    from seals.states import SealStatus

    sizes = Seal.objects.filter(status=SealStatus.ACTIVE).values_list("pk", "size_mm")
    return json.dumps({str(pk): float(size) for pk, size in sizes})
