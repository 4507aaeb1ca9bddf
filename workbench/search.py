"""Search everywhere: documents (docstore's full-text search), dossiers by unit or customer, archival codes,
letter numbers and seals by name, each from the app that owns it. Each group costs a few queries, whatever
the data."""

from django.urls import reverse

from archive import selectors as archive_selectors
from docstore import selectors as doc_selectors
from seals import selectors as seal_selectors

GROUPS = ("dossiers", "documents", "records", "letters", "seals")


def _dossiers(q: str, limit: int):
    return [
        {
            "title": f"{d.project} {d.unit_label}",
            "detail": "、".join(c.name for c in d.customers.all()),
            "url": d.get_absolute_url(),
            "timeline": reverse("workbench:dossier-timeline", args=[d.pk]),
        }
        for d in doc_selectors.find_dossiers(q, limit)
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
            "url": r["document"].get_absolute_url(),
        }
        for r in doc_selectors.search_page(hits, q)
    ]


def _records(q: str, limit: int):
    return [
        {"title": r.archival_code, "detail": r.title, "url": r.get_absolute_url()}
        for r in archive_selectors.find_records(q, limit)
    ]


def _letters(q: str, limit: int):
    return [
        {"title": r.number, "detail": f"{r.counterparty} · {r.subject}", "url": r.get_absolute_url()}
        for r in archive_selectors.find_letters(q, limit)
    ]


def _seals(q: str, limit: int):
    return [
        {
            "title": s.name,
            "detail": f"{s.get_kind_display()} · {s.get_status_display()}",
            "url": s.get_absolute_url(),
        }
        for s in seal_selectors.find_seals(q, limit)
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
