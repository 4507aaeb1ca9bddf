"""The lists' own actions: saved filters per person, and bulk actions on the selected documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, InvalidInput
from docstore import registry
from docstore.downloads import zip_response
from docstore.models import DocumentType, SavedFilter
from docstore.services import lists

LIST_URLS = {"documents": "docstore:document-list", "dossiers": "docstore:dossier-list"}


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(fallback)


@login_required
@require_POST
def saved_filter_create(request):
    list_name = request.POST.get("list_name", "")
    query = request.POST.get("query", "")
    try:
        saved = lists.save_filter(
            request.user, list_name=list_name, name=request.POST.get("name", ""), query=query
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, str(exc.detail))
        return redirect(_back(request, LIST_URLS.get(list_name, "docstore:document-list")))
    messages.success(request, _("筛选“%(name)s”已保存。") % {"name": saved.name})
    return redirect(f"{reverse(LIST_URLS[saved.list_name])}?{saved.query}")


@login_required
@require_POST
def saved_filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)  # another person's: 404
    lists.delete_filter(request.user, saved)
    messages.success(request, _("筛选“%(name)s”已删除。") % {"name": saved.name})
    return redirect(reverse(LIST_URLS[saved.list_name]))


@login_required
@require_POST
def document_bulk(request):
    """?action=type (with doc_type), zip, or a registered bulk action's key (archive.file)."""
    back = _back(request, "docstore:document-list")
    action = request.POST.get("action", "")
    try:
        documents = lists.selected(request.POST.getlist("ids"))
        if action == "zip":
            versions = lists.versions_to_zip(request.user, documents)
            return zip_response(_("文档-%(n)s份.zip") % {"n": len(versions)}, versions)
        if action == "type":
            doc_type = DocumentType.objects.filter(code=request.POST.get("doc_type", "")).first()
            if doc_type is None:
                raise InvalidInput(_("请选择新的类型。"), code="no_type")
            changed, skipped = lists.change_type(request.user, documents, doc_type)
            messages.success(
                request, _("已把 %(n)s 份改为“%(type)s”。") % {"n": len(changed), "type": doc_type}
            )
            for document, why in skipped:
                messages.warning(request, f"《{document.title}》{why}")
            return redirect(back)
        bulk = {a.key: a for a in registry.document_bulk_actions.all()}.get(action)
        if bulk is None:
            raise InvalidInput(_("未知的批量操作。"), code="bad_action")
        messages.info(request, bulk.run(request.user, documents))
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, str(exc.detail))
    return redirect(back)
