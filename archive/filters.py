import django_filters
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import (
    ArchiveRecord,
    Category,
    Filing,
    Letter,
    Location,
    Movement,
    Original,
    RetentionPeriod,
)
from core.filters import FilterSet, IdFilter, ModelChoiceFilter, YearFilter
from core.pickers import PickerInput, labeller_for
from docstore.models import Document, Dossier


def _picker(url_name, model, **kwargs):
    return PickerInput(url_name, labeller=labeller_for(model), **kwargs)


_BYTEWISE = {}


def _person_label(username) -> str:
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(username=str(username)).first()
    return person.label if person else str(username)


def _bytewise_order() -> bool:
    """Does the database compare codes by code point, so that a prefix is exactly a range?"""
    key = connection.alias
    if key not in _BYTEWISE:
        if connection.vendor == "sqlite":
            _BYTEWISE[key] = True  # BINARY collation
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
                collation = (cursor.fetchone() or [""])[0]
            _BYTEWISE[key] = collation in {"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"}
        else:
            _BYTEWISE[key] = False
    return _BYTEWISE[key]


class RecordFilter(FilterSet):
    code = django_filters.CharFilter(label=_("档号"), method="filter_code")
    category = ModelChoiceFilter(label=_("门类"), queryset=Category.objects.all(), to_field_name="code")
    year = YearFilter(label=_("年度"))
    retention = ModelChoiceFilter(
        label=_("保管期限"), queryset=RetentionPeriod.objects.all(), to_field_name="code"
    )
    box = IdFilter(label=_("档案盒"), field_name="box_id")
    dossier = IdFilter(
        label=_("案卷"), field_name="dossier_id", widget=_picker("docstore:pick-dossiers", Dossier)
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ArchiveRecord.Status.choices)
    q = django_filters.CharFilter(label=_("题名/责任者"), method="filter_text")

    class Meta:
        model = ArchiveRecord
        fields = ["code", "category", "year", "retention", "box", "dossier", "status", "q"]

    def filter_code(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        queryset = queryset.filter(archival_code__startswith=value)
        if _bytewise_order():
            # The same rows as a range on the unique index: the index then serves filter, order and limit
            # (SQLite's LIKE cannot use it; PostgreSQL's planner misjudges a clustered prefix with LIMIT).
            queryset = queryset.filter(archival_code__gte=value, archival_code__lt=value + "\U0010ffff")
        # Searching by code lists in code order.
        return queryset.order_by("archival_code")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "sqlite" and len(value) >= 3:
            # FTS5 trigram index (migration 0005): the same substring match, without a table scan.
            phrase = '"' + value.replace('"', '""') + '"'
            return queryset.filter(
                pk__in=RawSQL(
                    "SELECT rowid FROM archive_record_fts WHERE archive_record_fts MATCH %s", [phrase]
                )
            )
        return queryset.filter(Q(title__icontains=value) | Q(responsible__icontains=value))


class OriginalFilter(FilterSet):
    document = IdFilter(
        field_name="document_id", label=_("文档"), widget=_picker("docstore:pick-documents", Document)
    )
    dossier = IdFilter(
        field_name="document__dossier_id", label=_("案卷"), widget=_picker("docstore:pick-dossiers", Dossier)
    )
    status = django_filters.ChoiceFilter(choices=Original.Status.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=Original.Kind.choices, label=_("原件类别"))

    class Meta:
        model = Original
        fields = ["document", "dossier", "status", "kind"]


class MovementFilter(FilterSet):
    overdue = django_filters.BooleanFilter(label=_("逾期"), method="filter_overdue")
    open = django_filters.BooleanFilter(label=_("未归还"), method="filter_open")
    original = IdFilter(
        field_name="original_id", label=_("原件"), widget=_picker("archive:pick-originals", Original)
    )
    kind = django_filters.ChoiceFilter(choices=Movement.Kind.choices, label=_("类型"))
    holder = django_filters.CharFilter(
        field_name="holder__username",
        label=_("借用人"),
        widget=PickerInput("accounts:pick-people", key="username", labeller=_person_label),
    )

    class Meta:
        model = Movement
        fields = ["overdue", "open", "original", "kind", "holder"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(kind=Movement.Kind.CHECKOUT, closed_at__isnull=True, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_open(self, queryset, name, value):
        open_q = Q(kind=Movement.Kind.CHECKOUT, closed_at__isnull=True)
        return queryset.filter(open_q) if value else queryset.exclude(open_q)


class LetterFilter(FilterSet):
    direction = django_filters.ChoiceFilter(choices=Letter.Direction.choices, label=_("方向"))
    year = YearFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(choices=Letter.Status.choices, label=_("状态"))
    counterparty = django_filters.CharFilter(lookup_expr="icontains", label=_("对方单位"))
    q = django_filters.CharFilter(label=_("事由"), method="filter_text")
    reply_overdue = django_filters.BooleanFilter(label=_("回复逾期"), method="filter_reply_overdue")

    class Meta:
        model = Letter
        fields = ["direction", "year", "status", "counterparty", "q", "reply_overdue"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(subject__icontains=value) | Q(summary__icontains=value) | Q(number=value))

    def filter_reply_overdue(self, queryset, name, value):
        late = Q(status=Letter.Status.OPEN, reply_due__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class FilingFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Filing.Status.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=Filing.Kind.choices, label=_("类型"))
    dossier = IdFilter(
        field_name="document__dossier_id", label=_("案卷"), widget=_picker("docstore:pick-dossiers", Dossier)
    )
    not_returned = django_filters.BooleanFilter(label=_("逾期未退回"), method="filter_not_returned")

    class Meta:
        model = Filing
        fields = ["status", "kind", "dossier", "not_returned"]

    def filter_not_returned(self, queryset, name, value):
        from archive.selectors import filings_not_returned

        ids = filings_not_returned().values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class LocationFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Location.Kind.choices, label=_("类型"))
    parent = IdFilter(field_name="parent_id", label=_("上级"))
    year = YearFilter(label=_("年度"))

    class Meta:
        model = Location
        fields = ["kind", "parent", "year"]
