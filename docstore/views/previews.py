"""Preview pages: the online viewer, page images and thumbnails (placeholders while they are made)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.roles import require_staff
from docstore import derive, freezing, search, selectors
from docstore.downloads import blob_response, image_response
from docstore.models import Derivative, PreviewPage, Version
from docstore.ocr import hits
from docstore.services import documents
from storage.registry import get_store

# A page whose image is not made yet is drawn at A4's proportions (the image's own size replaces it).
A4_PIXELS = (1240, 1754)


@login_required
def version_viewer(request, pk):
    """Every page in one continuous scroll (images load lazily as they come near), zoom, page jump and keys
    (static/js/viewer.js); a side panel with the document's facts and what other apps register
    (docstore.registry.viewer_panels). Each page is a stack of layers: the image, then an empty overlay that
    highlights (OCR hits, seal marks) draw into. Without JS: the pages still scroll, ?page=N jumps."""
    require_staff(request.user)
    version = get_object_or_404(
        Version.objects.select_related("document__doc_type", "document__dossier", "created_by"), pk=pk
    )
    freezing.require_not_disposed(version.document_id, reading=True)
    shown = selectors.pdf_rendition(version) or version  # a DOCX is shown through its PDF rendition
    derivative = selectors.derivative_of(shown)
    sizes = {p.page: (p.width, p.height) for p in selectors.preview_pages(shown)}
    page_count = max(len(sizes), shown.page_count or 0, version.page_count or 0, 1)
    try:
        current = min(max(int(request.GET.get("page") or 1), 1), page_count)
    except ValueError:
        current = 1
    pages = [{"number": n, "size": sizes.get(n, A4_PIXELS)} for n in range(1, page_count + 1)]
    query = (request.GET.get("q") or "").strip()[:200]
    terms = search.parse(query).terms if query else []
    found = hits.version_hits(shown.pk, terms) if terms else {}
    for page in pages:
        page["hits"] = found.get(page["number"], [])
    return render(
        request,
        "docstore/viewer.html",
        {
            "version": version,
            "shown": shown,
            "document": version.document,
            "derivative": derivative,
            "ready": derivative is not None and derivative.preview_status == Derivative.Status.READY,
            "pages": pages,
            "page_count": page_count,
            "page_number": current,
            "previous_page": current - 1 if current > 1 else None,
            "next_page": current + 1 if current < page_count else None,
            "versions": selectors.versions_of(version.document),
            "query": query,
            "hit_count": sum(len(boxes) for boxes in found.values()),
            "searchable": derivative is not None and bool(derivative.searchable_sha256),
        },
    )


@login_required
def version_searchable_pdf(request, pk):
    """The searchable PDF derived from a scan (an attachment, as every download)."""
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
    derivative = selectors.derivative_of(version)
    if derivative is None or not derivative.searchable_sha256:
        raise Http404
    documents.record_download(request.user, version, rendition="searchable")
    stem = version.filename.rsplit(".", 1)[0] if "." in version.filename else version.filename
    return blob_response(request, derivative.searchable_sha256, f"{stem}-ocr.pdf", "application/pdf")


@login_required
def version_page_image(request, pk, page):
    """A page image (PNG) of a version: rendered now when the background task has not reached it yet; a
    placeholder image when it cannot be (a DOCX waiting for LibreOffice, the renderer busy)."""
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    freezing.require_not_disposed(version.document_id, reading=True)
    version = selectors.pdf_rendition(version) or version
    found = PreviewPage.objects.filter(version=version, page=page).values_list("sha256", flat=True).first()
    derivative = None
    if not found:
        derivative = selectors.derivative_of(version)
        if derivative is not None and derivative.preview_status == Derivative.Status.READY:
            raise Http404
        if page < 1 or (version.page_count and page > version.page_count):
            raise Http404
        if derivative is None or derivative.preview_status == Derivative.Status.PENDING:
            made = derive.page_on_demand(version, page)
            found = made.sha256 if made is not None else None
    if found:
        with get_store().open(found) as stream:
            return image_response(stream)
    return _placeholder(derivative)


@login_required
def version_thumbnail(request, pk):
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    freezing.require_not_disposed(version.document_id, reading=True)
    derivative = selectors.derivative_of(version)
    thumbnail = derivative.thumbnail_sha256 if derivative is not None else ""
    if not thumbnail and (derivative is None or derivative.preview_status == Derivative.Status.PENDING):
        thumbnail = derive.thumbnail_on_demand(version)
        derivative = selectors.derivative_of(version)
    if thumbnail:
        with get_store().open(thumbnail) as stream:
            return image_response(stream)
    return _placeholder(derivative)


def _placeholder(derivative: Derivative | None):
    """The placeholder image, with the preview's state in a header. A header value must be a plain str: the
    WSGI server refuses a str subclass such as a TextChoices member (that was a 500 on every new upload)."""
    response = image_response(derive.placeholder_png(), cache=False)
    status = derivative.preview_status if derivative is not None else Derivative.Status.PENDING
    response["X-Preview-Status"] = str(status)
    return response
