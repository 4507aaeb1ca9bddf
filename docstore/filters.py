import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from docstore.models import Document, DocumentType, Dossier


class DossierFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(label=_("项目"), lookup_expr="icontains")
    building = django_filters.CharFilter(label=_("楼栋"))
    unit = django_filters.CharFilter(label=_("房号"), method="filter_unit")
    customer = django_filters.CharFilter(label=_("客户"), method="filter_customer")

    class Meta:
        model = Dossier
        fields = ["project", "building", "unit", "customer"]

    def filter_unit(self, queryset, name, value):
        value = value.strip()
        if "-" in value:  # "3-1502" is building 3, unit 1502
            building, _sep, unit = value.partition("-")
            return queryset.filter(building=building, unit=unit)
        return queryset.filter(unit=value)

    def filter_customer(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(customers__name__icontains=value) | Q(customers__id_number=value.upper())
        ).distinct()


class DocumentFilter(django_filters.FilterSet):
    doc_type = django_filters.ModelChoiceFilter(
        label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code"
    )
    dossier = django_filters.NumberFilter(label=_("案卷"), field_name="dossier_id")
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="icontains")
    created_by = django_filters.CharFilter(label=_("创建人"), field_name="created_by__username")
    created_after = django_filters.DateFilter(
        label=_("起始日期"), field_name="created_at", lookup_expr="date__gte"
    )
    created_before = django_filters.DateFilter(
        label=_("截止日期"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Document
        fields = ["doc_type", "dossier", "q", "created_by", "created_after", "created_before"]
