"""Search everywhere: documents (docstore's full-text search), dossiers by unit or customer, archival codes,
letter numbers and seals by name. Each group is one bounded query."""

from django.db.models import Q

from archive.models import ArchiveRecord, Letter
from docstore import selectors as doc_selectors
from docstore.models import Dossier
from seals.models import Seal
from workbench.links import object_url, url_or_none

GROUPS = ("dossiers", "documents", "records", "letters", "seals")


def _dossiers(q: str, limit: int):
    condition = Q(unit__icontains=q) | Q(project__icontains=q) | Q(customers__name__icontains=q)
    condition |= Q(customers__id_number__iexact=q)
    if "-" in q:
        building, _sep, unit = q.partition("-")
        condition |= Q(building__iexact=building.strip(), unit__iexact=unit.strip())
    ids = list(Dossier.objects.filter(condition).values_list("pk", flat=True).distinct()[:limit])
    found = (
        Dossier.objects.filter(pk__in=ids)
        .prefetch_related("customers")
        .order_by("project", "building", "unit")
    )
    return [
        {
            "title": f"{d.project} {d.unit_label}",
            "detail": "、".join(c.name for c in d.customers.all()),
            "url": url_or_none("docstore:dossier-detail", d.pk),
            "timeline": url_or_none("workbench:dossier-timeline", d.pk),
        }
        for d in found
    ]


def _documents(q: str, limit: int):
    hits = doc_selectors.search(q)[:limit]
    if not hits:
        return []
    return [
        {
            "title": r["document"].title,
            "detail": str(r["document"].dossier or r["document"].doc_type),
            "snippet": r["snippet"],
            "url": url_or_none("docstore:document-detail", r["document"].pk),
        }
        for r in doc_selectors.search_page(hits, q)
    ]


def _records(q: str, limit: int):
    rows = ArchiveRecord.objects.filter(Q(archival_code__icontains=q) | Q(title__icontains=q)).order_by(
        "-id"
    )[:limit]
    return [
        {
            "title": r.archival_code,
            "detail": r.title,
            "url": object_url(r) or url_or_none("docstore:document-detail", r.document_id),
        }
        for r in rows
    ]


def _letters(q: str, limit: int):
    rows = Letter.objects.filter(
        Q(number__icontains=q) | Q(subject__icontains=q) | Q(counterparty__icontains=q)
    ).order_by("-year", "-seq")[:limit]
    return [
        {"title": r.number, "detail": f"{r.counterparty} · {r.subject}", "url": object_url(r)} for r in rows
    ]


def _seals(q: str, limit: int):
    rows = Seal.objects.filter(Q(name__icontains=q) | Q(company__icontains=q)).order_by("name")[:limit]
    return [
        {
            "title": s.name,
            "detail": f"{s.get_kind_display()} · {s.get_status_display()}",
            "url": object_url(s),
        }
        for s in rows
    ]


_FINDERS = {
    "dossiers": _dossiers,
    "documents": _documents,
    "records": _records,
    "letters": _letters,
    "seals": _seals,
}


def everything(q: str, limit: int) -> dict[str, list[dict]]:
    q = (q or "").strip()[:100]
    if not q:
        return {g: [] for g in GROUPS}
    return {group: _FINDERS[group](q, limit) for group in GROUPS}
