"""Reads that are more than a one-line query."""

from collections import OrderedDict

from django.db.models import Count, Prefetch

from docstore.models import Customer, Document, Dossier, Version


def dossier_list():
    return (
        Dossier.objects.annotate(document_count=Count("documents"))
        .prefetch_related(Prefetch("customers", queryset=Customer.objects.order_by("position", "id")))
        .order_by("project", "building", "unit")
    )


def document_list():
    return Document.objects.select_related(
        "doc_type", "dossier", "current_version", "created_by", "parent"
    ).order_by("-created_at", "-id")


def recent_documents(limit: int = 10, created_by=None):
    qs = document_list()
    if created_by is not None:
        qs = qs.filter(created_by=created_by)
    return list(qs[:limit])


def documents_by_type(dossier: Dossier) -> "OrderedDict":
    """The dossier page groups its documents by type, attachments under their parent."""
    grouped: OrderedDict = OrderedDict()
    documents = (
        Document.objects.filter(dossier=dossier, parent__isnull=True)
        .select_related("doc_type", "current_version", "created_by")
        .annotate(attachment_count=Count("attachments"))
        .order_by("doc_type__position", "-created_at")
    )
    for document in documents:
        grouped.setdefault(document.doc_type, []).append(document)
    return grouped


def versions_of(document: Document):
    return Version.objects.filter(document=document).select_related("created_by").order_by("-number")


def referenced_blobs() -> set[str]:
    return set(Version.objects.values_list("sha256", flat=True).distinct())


def where_stored(sha256: str):
    """Which versions already hold these bytes (for duplicate warnings)."""
    return Version.objects.filter(sha256=sha256).select_related("document", "document__dossier")
