"""Thin HTML views: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, roles_of
from core.errors import DomainError
from docstore import permissions, selectors, services
from docstore.downloads import version_response
from docstore.filters import DocumentFilter, DossierFilter
from docstore.forms import DocumentUploadForm, DossierForm, VersionUploadForm
from docstore.models import Document, Dossier, Version

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def home(request):
    mine = roles_of(request.user)
    return render(
        request,
        "docstore/home.html",
        {
            "is_clerk": CLERK in mine,
            "is_field": FIELD_STAFF in mine,
            "is_manager": MANAGER in mine,
            "recent_documents": selectors.recent_documents(limit=10),
            "my_recent_documents": selectors.recent_documents(limit=10, created_by=request.user),
        },
    )


@login_required
def dossier_list(request):
    permissions.require_reader(request.user)
    filterset = DossierFilter(request.GET, queryset=selectors.dossier_list())
    return render(
        request,
        "docstore/dossier_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "query": _query_without_page(request),
            "can_create": permissions.can_manage_dossiers(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request):
    permissions.require_dossier_manager(request.user)
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("案卷已创建。"))
            return redirect(dossier)
    return render(request, "docstore/dossier_form.html", {"form": form})


@login_required
def dossier_detail(request, pk):
    permissions.require_reader(request.user)
    dossier = get_object_or_404(Dossier.objects.prefetch_related("customers"), pk=pk)
    return render(
        request,
        "docstore/dossier_detail.html",
        {
            "dossier": dossier,
            "groups": selectors.documents_by_type(dossier),
            "can_add": permissions.can_add_documents(request.user),
        },
    )


@login_required
def document_list(request):
    permissions.require_reader(request.user)
    filterset = DocumentFilter(request.GET, queryset=selectors.document_list())
    return render(
        request,
        "docstore/document_list.html",
        {"filter": filterset, "page": _page(request, filterset.qs), "query": _query_without_page(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    initial = {"dossier": request.GET.get("dossier"), "doc_type": request.GET.get("doc_type")}
    form = DocumentUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            document = services.create_document(
                request.user,
                file=upload,
                filename=upload.name,
                title=data["title"],
                doc_type=data["doc_type"],
                dossier=data["dossier"],
                comment=data["comment"],
            )
        except DomainError as exc:
            form.add_error("file", str(exc.detail))
            return render(request, "docstore/document_form.html", {"form": form}, status=exc.status)
        messages.success(request, _("文档已上传。"))
        return redirect(document)
    return render(request, "docstore/document_form.html", {"form": form})


@login_required
def document_detail(request, pk):
    permissions.require_reader(request.user)
    document = get_object_or_404(
        Document.objects.select_related("doc_type", "dossier", "parent", "current_version", "created_by"),
        pk=pk,
    )
    return render(
        request,
        "docstore/document_detail.html",
        {
            "document": document,
            "versions": selectors.versions_of(document),
            "attachments": document.attachments.select_related("doc_type", "current_version"),
            "can_edit": permissions.can_edit_document(request.user, document),
            "version_form": VersionUploadForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def version_upload(request, pk):
    document = get_object_or_404(Document.objects.select_related("doc_type"), pk=pk)
    form = VersionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(document)
    upload = form.cleaned_data["file"]
    try:
        version = services.add_version(
            request.user, document, file=upload, filename=upload.name, comment=form.cleaned_data["comment"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(document)
    messages.success(request, _("已添加第 %(n)s 版。") % {"n": version.number})
    return redirect(document)


@login_required
def version_download(request, pk):
    permissions.require_reader(request.user)
    version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
    if version.document_id is None:
        raise Http404
    services.record_download(request.user, version)
    return version_response(request, version)
