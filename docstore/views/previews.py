"""Preview pages: the online viewer, page images and thumbnails (placeholders while they are made)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.roles import require_staff
from docstore import derive, freezing, selectors
from docstore.downloads import image_response
from docstore.models import Derivative, PreviewPage, Version
from storage.registry import get_store


@login_required
def version_viewer(request, pk):
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document", "created_by"), pk=pk)
    freezing.require_not_disposed(version.document_id, reading=True)
    shown = selectors.pdf_rendition(version) or version  # a DOCX is shown through its PDF rendition
    derivative = selectors.derivative_of(shown)
    pages = selectors.preview_pages(shown)
    page_count = len(pages) or version.page_count or 1
    paginator = Paginator(range(1, page_count + 1), 1)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "docstore/viewer.html",
        {
            "version": version,
            "shown": shown,
            "document": version.document,
            "derivative": derivative,
            "ready": derivative is not None and derivative.preview_status == Derivative.Status.READY,
            "page": page,
            "page_number": page.object_list[0] if len(page.object_list) else 1,
            "query": "",
        },
    )


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
