"""Reads that are more than a one-line query."""

from collections import OrderedDict

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone

from docstore.models import CheckOut, Customer, Derivative, Document, Dossier, PreviewPage, Version


def dossier_list():
    # the count as a sub-query per row, not a GROUP BY over the join: a page then counts its own 25 dossiers'
    # documents (1.5 ms at 20,000 documents) instead of every dossier's before sorting (19 ms), and the
    # paginator's count reads the dossiers alone
    documents = (
        Document.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        Dossier.objects.annotate(document_count=Coalesce(Subquery(documents, output_field=IntegerField()), 0))
        .prefetch_related(Prefetch("customers", queryset=Customer.objects.order_by("position", "id")))
        .order_by("project", "building", "unit")
    )


def active_locks():
    """Edit locks in the active state (docstore.states): unreleased and not yet past their expiry."""
    return CheckOut.objects.filter(released_at__isnull=True, expires_at__gt=timezone.now())


def with_lock(queryset):
    """Annotate who holds a live check-out (lock_holder, lock_holder_username, lock_since) through one LEFT
    JOIN: a document has at most one unreleased check-out (a constraint), so the join adds no rows, and the
    list needs no sub-query per row; its count leaves the join out (docstore.counting)."""
    from docstore.counting import counting_without_lock

    live = FilteredRelation(
        "checkouts",
        condition=Q(checkouts__released_at__isnull=True, checkouts__expires_at__gt=timezone.now()),
    )
    name = Coalesce(NullIf("live_lock__holder__display_name", Value("")), "live_lock__holder__username")
    return (
        counting_without_lock(queryset)
        .annotate(live_lock=live)
        .annotate(
            lock_holder=name,
            lock_holder_username=F("live_lock__holder__username"),
            lock_since=F("live_lock__checked_out_at"),
        )
    )


def with_disposed(queryset):
    """Annotate `disposed` (the document was disposed of: lists mark it and show no thumbnail), in the same
    query."""
    from docstore import purge

    return queryset.annotate(disposed=ExpressionWrapper(purge.disposed_q("pk"), output_field=BooleanField()))


def document_list():
    return with_disposed(
        with_lock(
            Document.objects.select_related(
                "doc_type",
                "dossier",
                "current_version",
                "current_version__derivative",
                "created_by",
                "parent",
            ).defer("current_version__derivative__text", "current_version__derivative__error")
        )
    ).order_by("-created_at", "-id")


def active_lock(document) -> CheckOut | None:
    """The document's unreleased edit lock, lapsed or not (docstore.states.lock_state tells which)."""
    return (
        CheckOut.objects.filter(document=document, released_at__isnull=True).select_related("holder").first()
    )


def my_checkouts(user):
    return (
        CheckOut.objects.filter(holder=user, released_at__isnull=True)
        .select_related("document", "document__doc_type", "document__dossier")
        .order_by("expires_at")
    )


def my_released_checkouts(user, limit: int = 20):
    """Recently released check-outs of this user (a forced check-in shows here, with who and why)."""
    return (
        CheckOut.objects.filter(holder=user, released_at__isnull=False)
        .select_related("document", "released_by")
        .order_by("-released_at")[:limit]
    )


def preview_pages(version: Version):
    return list(PreviewPage.objects.filter(version=version).order_by("page"))


def derivative_of(version: Version) -> Derivative | None:
    return Derivative.objects.filter(version=version).first()


def documents_by_type(dossier: Dossier) -> "OrderedDict":
    """The dossier page groups its documents by type, attachments under their parent."""
    grouped: OrderedDict = OrderedDict()
    documents = with_disposed(
        Document.objects.filter(dossier=dossier, parent__isnull=True)
        .select_related("doc_type", "current_version", "current_version__derivative", "created_by")
        .defer("current_version__derivative__text")
        .annotate(attachment_count=Count("attachments"))
    ).order_by("doc_type__position", "-created_at")
    for document in documents:
        grouped.setdefault(document.doc_type, []).append(document)
    return grouped


def versions_of(document: Document):
    return Version.objects.filter(document=document).select_related("created_by").order_by("-number")


def referenced_blobs(candidates=None) -> set[str]:
    """Live versions, their page images, thumbnails, searchable PDFs and repaired copies (of `candidates` when given). Versions of disposed
    documents are no reference: their bytes are meant to be gone (see docstore.purge)."""
    from docstore import purge

    versions = purge.live_versions()
    pages = PreviewPage.objects.exclude(purge.disposed_q("version__document_id"))
    thumbnails = Derivative.objects.exclude(thumbnail_sha256="").exclude(
        purge.disposed_q("version__document_id")
    )
    searchable = Derivative.objects.exclude(searchable_sha256="").exclude(
        purge.disposed_q("version__document_id")
    )
    repaired = Derivative.objects.exclude(repaired_sha256="").exclude(
        purge.disposed_q("version__document_id")
    )
    if candidates is not None:
        candidates = list(candidates)
        versions = versions.filter(sha256__in=candidates)
        pages = pages.filter(sha256__in=candidates)
        thumbnails = thumbnails.filter(thumbnail_sha256__in=candidates)
        searchable = searchable.filter(searchable_sha256__in=candidates)
        repaired = repaired.filter(repaired_sha256__in=candidates)
    blobs = set(versions.values_list("sha256", flat=True).distinct())
    blobs |= set(pages.values_list("sha256", flat=True).distinct())
    blobs |= set(thumbnails.values_list("thumbnail_sha256", flat=True).distinct())
    blobs |= set(searchable.values_list("searchable_sha256", flat=True).distinct())
    blobs |= set(repaired.values_list("repaired_sha256", flat=True).distinct())
    return blobs


def readable_pdf_bytes(version: Version) -> bytes:
    """The bytes to read a version through: its own, or qpdf's repaired copy when it is a damaged PDF
    (Version.damaged). Stamping reads these after checking the approved hash on the version's own bytes."""
    from docstore.readable import readable_bytes

    return readable_bytes(version)


def is_stored(sha256: str) -> bool:
    """Whether any version of a document not disposed of already holds these bytes (one indexed lookup)."""
    from docstore import purge

    return purge.live_versions().filter(sha256=sha256).exists()


def where_stored(sha256: str):
    """Which versions already hold these bytes (for duplicate warnings). A disposed document holds none: its
    bytes are meant to be gone, and offering to reuse them would read what disposal deleted."""
    from docstore import purge

    return purge.live_versions().filter(sha256=sha256).select_related("document", "document__dossier")


def dossier_attachments(dossier: Dossier):
    """Attachments of the dossier's documents, by parent id (one query)."""
    by_parent: dict = {}
    for attachment in with_disposed(
        Document.objects.filter(dossier=dossier, parent__isnull=False).select_related(
            "current_version", "doc_type"
        )
    ).order_by("created_at", "id"):
        by_parent.setdefault(attachment.parent_id, []).append(attachment)
    return by_parent


def attachment_versions(document: Document) -> list[Version]:
    """The current version of each attachment of the document; a disposed attachment is left out."""
    from docstore import purge

    return [
        a.current_version
        for a in Document.objects.filter(parent=document, current_version__isnull=False)
        .exclude(purge.disposed_q("pk"))
        .select_related("current_version")
        .order_by("created_at", "id")
    ]


def disposed_attachment_ids(document: Document) -> list[int]:
    from docstore import purge

    return list(
        Document.objects.filter(parent=document, current_version__isnull=False)
        .filter(purge.disposed_q("pk"))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )


def search(q: str, documents=None) -> list[tuple[int, float]]:
    """[(document id, score)] best first; `documents` (a filtered queryset) restricts the hits."""
    from docstore import search as fulltext

    return fulltext.ranked_ids(fulltext.parse(q or ""), documents)


def search_page(hits, q: str) -> list[dict]:
    """One page of hits as {document, snippet, score, ocr_page}: three queries whatever the page size.
    `ocr_page`: the first page of the current version whose recognised text holds the query (the result
    links the viewer there, with the hit drawn over the page image), or None."""
    from docstore import search as fulltext
    from docstore.models import SearchEntry
    from docstore.ocr.hits import first_hit_pages

    query = fulltext.parse(q or "")
    ids = [pk for pk, _score in hits]
    # a disposed document never shows, not even through an index row left behind
    documents = {d.pk: d for d in document_list().filter(pk__in=ids) if not d.disposed}
    contents = dict(SearchEntry.objects.filter(document_id__in=ids).values_list("document_id", "content"))
    versions = [d.current_version_id for d in documents.values() if d.current_version_id]
    ocr_pages = first_hit_pages(versions, query.terms) if versions else {}
    results = []
    for pk, score in hits:
        document = documents.get(pk)
        if document is None:
            continue
        content = contents.get(pk, "")
        lowered = content.lower()
        in_body = any(term in lowered for term in query.terms)
        text = content if in_body or not content else fulltext.normalize(document.title)
        text = fulltext.displayable(text, document)
        results.append(
            {
                "document": document,
                "snippet": fulltext.snippet(text, query),
                "score": round(score, 6),
                "ocr_page": ocr_pages.get(document.current_version_id),
            }
        )
    return results


def pdf_rendition(version: Version) -> Version | None:
    """The PDF made from this DOCX version (template fill with pdf=true), if any."""
    if version.media_type == "application/pdf":
        return None
    return (
        Version.objects.filter(document_id=version.document_id, origin_detail__rendition_of=version.pk)
        .order_by("number")
        .first()
    )


# ---- reads the workbench composes


def dossier_or_404(pk: int) -> Dossier:
    """One dossier by id; 404 when there is none."""
    return get_object_or_404(Dossier, pk=pk)


def dossier_objects(dossier: Dossier) -> dict[str, set]:
    """Audit object keys (object_type -> ids) of the dossier and its documents."""
    documents = set(Document.objects.filter(dossier=dossier).values_list("pk", flat=True))
    return {Dossier._meta.label_lower: {dossier.pk}, Document._meta.label_lower: documents}


def documents_created_since(start):
    """Documents uploaded since `start`, newest first."""
    return (
        Document.objects.filter(created_at__gte=start)
        .select_related("dossier", "doc_type")
        .order_by("-created_at", "-id")
    )


def forced_check_ins(since):
    """Edit locks a manager released by force since `since`, newest first."""
    return (
        CheckOut.objects.filter(release_reason=CheckOut.Release.FORCED, released_at__gte=since)
        .select_related("document", "holder", "released_by")
        .order_by("-released_at", "-id")
    )


def find_dossiers(q: str, limit: int) -> list[Dossier]:
    """Dossiers whose unit ("3-1502" or "1502"), project or customer matches, customers prefetched."""
    condition = Q(unit__icontains=q) | Q(project__icontains=q) | Q(customers__name__icontains=q)
    condition |= Q(customers__id_number__iexact=q)
    if "-" in q:
        building, _sep, unit = q.partition("-")
        condition |= Q(building__iexact=building.strip(), unit__iexact=unit.strip())
    ids = list(Dossier.objects.filter(condition).values_list("pk", flat=True).distinct()[:limit])
    return list(
        Dossier.objects.filter(pk__in=ids)
        .prefetch_related("customers")
        .order_by("project", "building", "unit")
    )


def _dossier_match(q: str, prefix: str = "") -> Q:
    """A dossier's unit ("3-1502" or "1502"), project or customer name matching `q` (fields under `prefix`)."""
    p = prefix
    condition = Q(**{f"{p}unit__icontains": q}) | Q(**{f"{p}project__icontains": q})
    condition |= Q(**{f"{p}customers__name__icontains": q})
    if "-" in q:
        building, _sep, unit = q.partition("-")
        condition |= Q(**{f"{p}building__iexact": building.strip(), f"{p}unit__iexact": unit.strip()})
    return condition


def pick_dossiers(q: str, limit: int) -> list[Dossier]:
    """The dossier picker: by unit, project or customer; the newest when nothing is typed."""
    if q:
        return find_dossiers(q, limit)
    return list(Dossier.objects.prefetch_related("customers").order_by("-created_at", "-id")[:limit])


def pick_documents(q: str, limit: int, *, dossier_id: int | None = None) -> list[Document]:
    """The document picker: by title, its dossier's unit or customer, or another app's lookup (an archival
    code); within one dossier when given; the newest first."""
    from docstore import registry

    documents = Document.objects.all()
    if dossier_id:
        documents = documents.filter(dossier_id=dossier_id)
    if q:
        condition = Q(title__icontains=q) | _dossier_match(q, "dossier__")
        for lookup in registry.document_lookups:
            condition |= Q(pk__in=list(lookup(q, limit)))
        documents = documents.filter(condition)
    ids = list(documents.order_by("-created_at", "-id").values_list("pk", flat=True).distinct()[:limit])
    found = Document.objects.filter(pk__in=ids).select_related("doc_type", "dossier", "current_version")
    return sorted(found, key=lambda d: ids.index(d.pk))


def saved_filters(user, list_name: str):
    from docstore.models import SavedFilter

    return SavedFilter.objects.filter(user=user, list_name=list_name).order_by("name", "id")
