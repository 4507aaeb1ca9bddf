"""Dossier pages: the list, the form, and one dossier with its documents by type."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require_staff
from core.errors import DomainError
from core.web import page_of, query_without
from docstore import permissions, registry, selectors
from docstore.filters import DossierFilter
from docstore.forms import DossierForm
from docstore.models import Dossier
from docstore.services import dossiers

PAGE_SIZE = 25


@login_required
def dossier_list(request):
    require_staff(request.user)
    filterset = DossierFilter(request.GET, queryset=selectors.dossier_list())
    page = page_of(request, filterset.qs, PAGE_SIZE)
    page.object_list = registry.with_badges("dossier", list(page.object_list))
    return render(
        request,
        "docstore/dossier_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without(request),
            "can_create": permissions.can_manage_dossiers(request.user),
            "saved_filters": selectors.saved_filters(request.user, "dossiers"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request):
    permissions.require_dossier_manager(request.user)
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossiers.create_dossier(request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("案卷已创建。"))
            return redirect(dossier)
    return render(request, "docstore/dossier_form.html", {"form": form})


@login_required
def dossier_detail(request, pk):
    require_staff(request.user)
    dossier = get_object_or_404(Dossier.objects.prefetch_related("customers"), pk=pk)
    return render(
        request,
        "docstore/dossier_detail.html",
        {
            "dossier": dossier,
            "groups": selectors.documents_by_type(dossier),
            "attachments": selectors.dossier_attachments(dossier),
            "can_add": permissions.can_add_documents(request.user),
        },
    )
