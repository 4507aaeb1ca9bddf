"""HTML views for editing work: check-out and check-in, attachments, templates, previews and search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import require_staff
from core.errors import DomainError
from core.web import page_of, query_without
from docstore import checkout, derive, permissions, selectors, services, templating
from docstore.downloads import image_response, zip_response
from docstore.filters import DocumentFilter
from docstore.forms import AttachmentsForm, TemplateFillForm
from docstore.models import Derivative, Document, PreviewPage, Version
from storage.registry import get_store

# ---------------------------------------------------------------- check-out


@login_required
@require_POST
def document_checkout(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    expires = parse_datetime(request.POST.get("expires_at") or "")
    checkout.check_out(request.user, document, expires_at=expires)
    messages.success(request, _("已签出，签入前其他人不能添加版本。"))
    return redirect(document)


@login_required
@require_POST
def document_checkin(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    upload = request.FILES.get("file")
    try:
        version = checkout.check_in(
            request.user,
            document,
            file=upload,
            filename=upload.name if upload else "",
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(document)
    if version is not None:
        messages.success(request, _("已签入，并添加第 %(n)s 版。") % {"n": version.number})
    else:
        messages.success(request, _("已签入。"))
    return redirect(document)


@login_required
@require_POST
def document_force_checkin(request, pk):
    document = get_object_or_404(Document, pk=pk)
    checkout.force_check_in(request.user, document, reason=request.POST.get("reason", ""))
    messages.success(request, _("已强制签入。"))
    return redirect(document)


@login_required
def my_checkouts(request):
    require_staff(request.user)
    return render(
        request,
        "docstore/my_checkouts.html",
        {
            "checkouts": selectors.my_checkouts(request.user),
            "released": selectors.my_released_checkouts(request.user),
        },
    )


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachments_upload(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type", "dossier"), pk=pk)
    form = AttachmentsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的附件。"))
        return redirect(document)
    try:
        created = services.attach_files(request.user, document, request.FILES.getlist("files"))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(document)
    messages.success(request, _("已添加 %(n)s 个附件。") % {"n": len(created)})
    return redirect(document)


@login_required
def attachments_zip(request, pk):
    require_staff(request.user)
    document = get_object_or_404(Document, pk=pk)
    versions = selectors.attachment_versions(document)
    if not versions:
        raise Http404
    services.record_zip_download(request.user, document, len(versions))
    return zip_response(f"{document.title}-附件.zip", versions)


# ---------------------------------------------------------------- templates


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, pk):
    require_staff(request.user)
    template = get_object_or_404(
        Document.objects.select_related("doc_type", "current_version"),
        pk=pk,
        doc_type__code=permissions.TEMPLATE_TYPE,
    )
    names = services.template_fields(template)
    dossier_names = {zh for zh, _en, _d in templating.DOSSIER_FIELDS} | {
        en for _zh, en, _d in templating.DOSSIER_FIELDS
    }
    form = TemplateFillForm(
        request.POST or None,
        names=names,
        dossier_names=dossier_names,
        initial={"dossier": request.GET.get("dossier")},
    )
    missing = []
    if request.method == "POST" and form.is_valid():
        try:
            document = services.fill_template(
                request.user,
                template,
                dossier=form.cleaned_data["dossier"],
                values=form.values(),
                pdf=form.cleaned_data.get("pdf", False),
                doc_type=form.cleaned_data.get("doc_type"),
            )
        except DomainError as exc:
            missing = exc.extra.get("missing", [])
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("已由合同范本生成文档。"))
            return redirect(document)
    return render(
        request,
        "docstore/template_detail.html",
        {
            "template": template,
            "names": names,
            "form": form,
            "missing": missing,
            "dossier_fields": templating.DOSSIER_FIELDS,
            "pdf_available": templating.soffice() is not None,
        },
        status=400 if missing else 200,
    )


# ---------------------------------------------------------------- previews


@login_required
def version_viewer(request, pk):
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document", "created_by"), pk=pk)
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
    """A page image (PNG) of a version; a placeholder image while it is being made."""
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    version = selectors.pdf_rendition(version) or version
    found = PreviewPage.objects.filter(version=version, page=page).values_list("sha256", flat=True).first()
    if found:
        with get_store().open(found) as stream:
            return image_response(stream)
    derivative = selectors.derivative_of(version)
    if derivative is not None and derivative.preview_status == Derivative.Status.READY:
        raise Http404
    if page < 1 or (version.page_count and page > version.page_count):
        raise Http404
    response = image_response(derive.placeholder_png(), cache=False)
    response["X-Preview-Status"] = derivative.preview_status if derivative else Derivative.Status.PENDING
    return response


@login_required
def version_thumbnail(request, pk):
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    derivative = selectors.derivative_of(version)
    if derivative is not None and derivative.thumbnail_sha256:
        with get_store().open(derivative.thumbnail_sha256) as stream:
            return image_response(stream)
    response = image_response(derive.placeholder_png(), cache=False)
    response["X-Preview-Status"] = derivative.preview_status if derivative else Derivative.Status.PENDING
    return response


# ---------------------------------------------------------------- search


@login_required
def search_page(request):
    require_staff(request.user)
    params = request.GET.copy()
    q = (params.get("q") or "").strip()
    params.pop("q", None)
    params.pop("page", None)
    filterset = DocumentFilter(params, queryset=selectors.document_list())
    hits = selectors.search(q, filterset.qs) if q and filterset.is_valid() else []
    page = page_of(request, hits, 20)
    return render(
        request,
        "docstore/search.html",
        {
            "q": q,
            "filter": filterset,
            "page": page,
            "results": selectors.search_page(list(page.object_list), q),
            "total": len(hits),
            "query": query_without(request),
        },
    )
