from datetime import datetime, time, timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, IdFilter, ModelChoiceFilter, OrderingFilter
from core.pickers import PickerInput, labeller_for
from docstore import selectors
from docstore.models import Document, DocumentType, Dossier


class DossierFilter(FilterSet):
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


def _person_label(username) -> str:
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(username=str(username)).first()
    return person.label if person else str(username)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class DocumentFilter(FilterSet):
    doc_type = ModelChoiceFilter(label=_("类型"), queryset=DocumentType.objects.all(), to_field_name="code")
    dossier = IdFilter(
        label=_("案卷"),
        field_name="dossier_id",
        widget=PickerInput("docstore:pick-dossiers", labeller=labeller_for(Dossier)),
    )
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="icontains")
    text = django_filters.CharFilter(label=_("全文"), method="filter_text")
    # a login name (the API's) or a display name (王芳); the page's picker sends the login name
    created_by = django_filters.CharFilter(
        label=_("创建人"),
        method="filter_created_by",
        widget=PickerInput("accounts:pick-people", key="username", labeller=_person_label),
    )
    # dates are local (Beijing) days; compared as datetime ranges so that an index serves them
    created_after = django_filters.DateFilter(label=_("起始日期"), method="filter_created_after")
    created_before = django_filters.DateFilter(label=_("截止日期"), method="filter_created_before")
    checked_out = django_filters.BooleanFilter(label=_("已签出"), method="filter_checked_out")
    attachments = django_filters.BooleanFilter(
        label=_("只看附件"), field_name="parent", lookup_expr="isnull", exclude=True
    )
    ordering = OrderingFilter(
        label=_("排序"),
        fields=(
            ("created_at", "created_at"),
            ("title", "title"),
            ("updated_at", "updated_at"),
            ("type_position", "doc_type"),
            ("unit_key", "unit"),
        ),
        field_labels={
            "created_at": _("时间"),
            "title": _("标题"),
            "updated_at": _("更新时间"),
            "type_position": _("类型"),
            "unit_key": _("房号"),
        },
    )

    class Meta:
        model = Document
        fields = ["doc_type", "dossier", "q", "text", "created_by", "created_after", "created_before"]

    def filter_created_by(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(created_by__username=value) | Q(created_by__display_name=value))

    def filter_checked_out(self, queryset, name, value):
        held = selectors.active_locks().values("document_id")
        return queryset.filter(pk__in=held) if value else queryset.exclude(pk__in=held)

    def filter_created_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=_day_start(value))

    def filter_created_before(self, queryset, name, value):
        return queryset.filter(created_at__lt=_day_start(value + timedelta(days=1)))

    def filter_text(self, queryset, name, value):
        from docstore import search

        query = search.parse(value)
        if query.empty:
            return queryset
        ids = [pk for pk, _score in search.ranked_ids(query)]
        return queryset.filter(pk__in=ids)

    @property
    def qs(self):
        qs = super().qs
        # a stable order for pagination whatever the chosen sort
        order = list(qs.query.order_by) or ["-created_at"]
        if "-id" not in order and "id" not in order:
            # the tiebreak follows the last key's direction, so that an index on that key serves both
            tiebreak = "-id" if str(order[-1]).startswith("-") else "id"
            qs = qs.order_by(*order, tiebreak)
        return qs
