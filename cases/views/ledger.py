"""The customer's ledger row (edited from the dossier page) and the payments (回款) with their reversals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import require_staff
from cases import permissions, services
from cases.filters import PaymentFilter
from cases.forms import PaymentForm, SaleForm
from cases.models import Payment, Sale
from cases.views.common import attempt
from core.errors import DomainError
from core.web import page_of, query_without
from docstore.models import Dossier


@login_required
@require_http_methods(["GET", "POST"])
def sale_edit(request, pk):
    permissions.require_ledger_keeper(request.user)
    dossier = get_object_or_404(Dossier, pk=pk)
    sale = Sale.objects.filter(dossier=dossier).first()
    form = SaleForm(request.POST or None, instance=sale)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_sale(request.user, dossier, **{k: form.cleaned_data[k] for k in Sale.LEDGER_FIELDS})
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("客户台账已保存。"))
            return redirect(dossier)
    return render(request, "cases/sale_form.html", {"form": form, "dossier": dossier})


@login_required
@require_http_methods(["GET", "POST"])
def payments(request):
    require_staff(request.user)
    can_keep = permissions.can_keep_ledger(request.user)
    form = PaymentForm(request.POST or None, request.FILES or None, auto_id="new_%s") if can_keep else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scan = data.get("scan")
        try:
            payment = services.record_payment(
                request.user,
                data["dossier"],
                date=data["date"],
                amount=data["amount"],
                kind=data["kind"],
                voucher=data["voucher"],
                bank=data["bank"],
                note=data["note"],
                scan=scan,
                scan_filename=scan.name if scan else "",
            )
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("已登记收款：%(p)s。") % {"p": payment})
            return redirect("cases:payments")
    queryset = Payment.objects.select_related("dossier", "created_by", "reverses").prefetch_related(
        "reversal"
    )
    filterset = PaymentFilter(request.GET, queryset=queryset.order_by("-date", "-id"), request=request)
    return render(
        request,
        "cases/payments.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs, 50),
            "query": query_without(request),
            "form": form,
            "can_keep": can_keep,
        },
    )


@login_required
@require_POST
def reverse(request, pk):
    require_staff(request.user)
    payment = get_object_or_404(Payment, pk=pk)
    response, _done = attempt(
        request,
        "cases:payments",
        lambda: services.reverse_payment(request.user, payment, reason=request.POST.get("reason", "")),
        _("已登记冲销。"),
    )
    return response
