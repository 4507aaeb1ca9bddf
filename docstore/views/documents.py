"""Document pages: the list, the upload (with its duplicate confirm step), one document, its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require_staff
from core.errors import DomainError
from core.web import page_of, query_without
from docstore import freezing, permissions, registry, selectors
from docstore.downloads import version_response
from docstore.filters import DocumentFilter
from docstore.forms import AttachmentsForm, DocumentUploadForm, VersionUploadForm
from docstore.models import Document, DocumentType, Version
from docstore.services import documents
from docstore.services import suggestions as suggestion_service
from docstore.states import EDIT_LOCK, LockState, lock_state
from storage.registry import get_store

PAGE_SIZE = 25
DUPLICATE_SALT = "docstore.duplicate-upload"


@login_required
def document_list(request):
    require_staff(request.user)
    filterset = DocumentFilter(request.GET, queryset=selectors.document_list())
    page = page_of(request, filterset.qs, PAGE_SIZE)
    page.object_list = registry.with_badges("document", list(page.object_list))
    return render(
        request,
        "docstore/document_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without(request),
            "saved_filters": selectors.saved_filters(request.user, "documents"),
            "bulk_actions": [a for a in registry.document_bulk_actions.all() if a.visible(request.user)],
            "can_change_type": permissions.can_add_documents(request.user),
            "doc_types": DocumentType.objects.exclude(code=permissions.TEMPLATE_TYPE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    """Upload; when the bytes are already stored, the service refuses (409 "duplicate", naming where) and
    the page asks to confirm. The bytes need not be sent again: a signed token names the stored blob."""
    initial = {"dossier": request.GET.get("dossier"), "doc_type": request.GET.get("doc_type")}
    token = request.POST.get("duplicate_token", "")
    pending = _unsign_duplicate(request, token) if token else None
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, initial=initial, file_required=pending is None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        confirmed = request.POST.get("confirm") == "yes"
        if pending is not None and confirmed:
            source, filename = get_store().open(pending["sha256"]), pending["filename"]
        elif upload is not None:
            source, filename = upload, upload.name
        else:
            form.add_error("file", _("请选择文件。"))
            return render(request, "docstore/document_form.html", {"form": form}, status=400)
        try:
            document = documents.create_document(
                request.user,
                file=source,
                filename=filename,
                title=data["title"],
                doc_type=data["doc_type"],
                dossier=data["dossier"],
                comment=data["comment"],
                on_duplicate="allow" if confirmed else "refuse",
                password=data.get("password", ""),
            )
        except DomainError as exc:
            if exc.code == "duplicate":
                return _confirm_duplicate(request, form, upload, exc.extra["locations"])
            form.add_error("file", str(exc.detail))
            context = {"form": form, "reselect": filename}  # every other field is kept; the file is not
            return render(request, "docstore/document_form.html", context, status=exc.status)
        finally:
            if source is not upload:
                source.close()
        messages.success(request, _("文档已上传。"))
        return redirect(document)
    # A form refused for another field: the browser drops the chosen file, so say which one to choose again.
    upload = request.FILES.get("file") if request.method == "POST" else None
    return render(
        request,
        "docstore/document_form.html",
        {"form": form, "reselect": upload.name if upload else ""},
    )


def _confirm_duplicate(request, form, upload, locations):
    token = signing.dumps(
        {"sha256": documents.sha256_of(upload), "filename": upload.name, "u": request.user.pk},
        salt=DUPLICATE_SALT,
    )
    return render(
        request,
        "docstore/document_form.html",
        {"form": form, "duplicates": locations, "duplicate_token": token},
        status=409,
    )


def _unsign_duplicate(request, token):
    try:
        value = signing.loads(token, salt=DUPLICATE_SALT, max_age=3600)
    except signing.BadSignature:
        return None
    return value if value.get("u") == request.user.pk else None


@login_required
def document_detail(request, pk):
    require_staff(request.user)
    document = get_object_or_404(
        Document.objects.select_related("doc_type", "dossier", "parent", "current_version", "created_by"),
        pk=pk,
    )
    lock = selectors.active_lock(document)
    if lock_state(lock) != LockState.ACTIVE:
        lock = None  # a lapsed lock no longer holds the document; the next lock releases it
    lock_actions = EDIT_LOCK.allowed_actions(request.user, lock)
    can_edit = permissions.can_edit_document(request.user, document)
    # Filed: nothing is added or changed (the page says why, with the archival code and the record's link).
    # Disposed: only the catalogue entry is left: no viewer, no thumbnail, no download.
    freeze = freezing.freeze_of(document)
    attachments = selectors.document_list().filter(parent=document).order_by("created_at", "id")
    return render(
        request,
        "docstore/document_detail.html",
        {
            "document": document,
            "freeze": freeze,
            "disposed": freeze is not None and freeze.disposed,
            "versions": selectors.versions_of(document),
            "attachments": attachments,
            "attachments_to_zip": any(not a.disposed for a in attachments),
            "can_edit": can_edit,
            "lock": lock,
            "i_hold_it": "unlock" in lock_actions,
            "can_upload_version": can_edit and freeze is None and (lock is None or "unlock" in lock_actions),
            "can_force": "force" in lock_actions,
            "is_template": document.doc_type.code == permissions.TEMPLATE_TYPE,
            "version_form": VersionUploadForm(),
            "attachments_form": AttachmentsForm(),
            "can_attach": permissions.can_add_documents(request.user) and freeze is None,
            "suggestions": suggestion_service.suggestions_of(document),
            "can_fill_dossier": permissions.can_manage_dossiers(request.user),
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
        version = documents.add_version(
            request.user,
            document,
            file=upload,
            filename=upload.name,
            comment=form.cleaned_data["comment"],
            password=form.cleaned_data.get("password", ""),
        )
    except DomainError as exc:
        if exc.code in ("checked_out", "filed", "disposed"):
            raise  # the error page answers 409 (holder and since when; the archival code) or 410
        messages.error(request, str(exc.detail))
        return redirect(document)
    messages.success(request, _("已添加第 %(n)s 版。") % {"n": version.number})
    return redirect(document)


@login_required
def version_download(request, pk):
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
    if version.document_id is None:
        raise Http404
    freezing.require_not_disposed(version.document_id, reading=True)
    documents.record_download(request.user, version)
    return version_response(request, version)
