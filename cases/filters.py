"""List filters of the cases pages and API (django-filter, on the bounded base of core.filters)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseKind, CaseTemplate, Payment, PaymentMethod, Sale
from cases.states import CaseStatus
from core.filters import FilterSet, IdFilter, ModelChoiceFilter


def unit_q(value: str, prefix: str = "dossier__") -> Q:
    """A unit as the department writes it ("3-1502" or "1502"), or a customer's name."""
    value = value.strip()
    condition = Q(**{f"{prefix}unit__icontains": value}) | Q(**{f"{prefix}customers__name__icontains": value})
    if "-" in value:
        building, _sep, unit = value.partition("-")
        condition |= Q(
            **{f"{prefix}building__iexact": building.strip(), f"{prefix}unit__iexact": unit.strip()}
        )
    return condition


class CaseFilter(FilterSet):
    template = ModelChoiceFilter(label=_("业务"), queryset=CaseTemplate.objects.all(), to_field_name="code")
    kind = django_filters.ChoiceFilter(label=_("业务类别"), choices=CaseKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    dossier = IdFilter(label=_("案卷"), field_name="dossier_id")
    owner = django_filters.CharFilter(label=_("经办人"), field_name="owner__username")
    step = django_filters.CharFilter(label=_("当前步骤"), field_name="current_name")
    bank = django_filters.CharFilter(label=_("贷款银行"), field_name="bank", lookup_expr="icontains")
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("房号/客户"), method="filter_unit")

    class Meta:
        model = Case
        fields = ["template", "kind", "status", "dossier", "owner", "step", "bank", "overdue", "q"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status=CaseStatus.OPEN, current_due__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_unit(self, queryset, name, value):
        if not value.strip():
            return queryset
        ids = Case.objects.filter(unit_q(value)).values("pk")
        return queryset.filter(pk__in=ids)


class LedgerFilter(FilterSet):
    project = django_filters.CharFilter(label=_("项目"), field_name="dossier__project")
    q = django_filters.CharFilter(label=_("房号/客户"), method="filter_unit")
    payment_method = django_filters.ChoiceFilter(label=_("付款方式"), choices=PaymentMethod.choices)
    bank = django_filters.CharFilter(label=_("贷款银行"), field_name="loan_bank", lookup_expr="icontains")
    signed_after = django_filters.DateFilter(label=_("签约日期起"), field_name="signed_on", lookup_expr="gte")
    signed_before = django_filters.DateFilter(
        label=_("签约日期止"), field_name="signed_on", lookup_expr="lte"
    )

    class Meta:
        model = Sale
        fields = ["project", "q", "payment_method", "bank", "signed_after", "signed_before"]

    def filter_unit(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=Sale.objects.filter(unit_q(value)).values("pk"))


class PaymentFilter(FilterSet):
    dossier = IdFilter(label=_("案卷"), field_name="dossier_id")
    kind = django_filters.ChoiceFilter(label=_("款项"), choices=Payment.Kind.choices)
    date_after = django_filters.DateFilter(label=_("收款日期起"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("收款日期止"), field_name="date", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("房号/客户/凭证号"), method="filter_text")

    class Meta:
        model = Payment
        fields = ["dossier", "kind", "date_after", "date_before", "q"]

    def filter_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        ids = Payment.objects.filter(unit_q(value) | Q(voucher__icontains=value.strip())).values("pk")
        return queryset.filter(pk__in=ids)
