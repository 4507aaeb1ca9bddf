import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, IdFilter, ModelChoiceFilter
from core.pickers import PickerInput, labeller_for
from docstore.models import Dossier
from seals import selectors, states
from seals.models import Impression, Seal, SealLoan, SealRequest, SealRequestItem


def _dossier_picker():
    return PickerInput("docstore:pick-dossiers", labeller=labeller_for(Dossier))


def _person_label(username) -> str:
    person = get_user_model().objects.filter(username=str(username)).first()
    return person.label if person else str(username)


class SealFilter(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=Seal.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=states.SealStatus.choices)
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Seal
        fields = ["kind", "status", "q"]


class SealRequestFilter(FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=states.RequestStatus.choices)
    requester = django_filters.CharFilter(
        label=_("申请人"),
        field_name="requester__username",
        widget=PickerInput("accounts:pick-people", key="username", labeller=_person_label),
    )
    dossier = IdFilter(label=_("案卷"), field_name="dossier_id", widget=_dossier_picker())
    recipient = django_filters.ChoiceFilter(label=_("用印对象"), choices=SealRequest.Recipient.choices)
    mine = django_filters.BooleanFilter(label=_("我的申请"), method="filter_mine")
    to_decide = django_filters.BooleanFilter(label=_("待我审批"), method="filter_to_decide")

    class Meta:
        model = SealRequest
        fields = ["status", "requester", "dossier", "recipient", "mine", "to_decide"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None:
            return queryset.filter(requester=user)
        return queryset

    def filter_to_decide(self, queryset, name, value):
        """The approval queue: requests whose current step this user decides (by role, name or as deputy)."""
        user = getattr(self.request, "user", None)
        if value and user is not None:
            return queryset.filter(selectors.deciding_now(user), status=states.RequestStatus.SUBMITTED)
        return queryset


class RegisterFilter(FilterSet):
    seal = ModelChoiceFilter(
        label=_("印章"), queryset=Seal.objects.all(), widget=PickerInput("seals:pick-seals")
    )
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="made_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="made_on", lookup_expr="lte")
    requester = ModelChoiceFilter(
        label=_("申请人"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        widget=PickerInput("accounts:pick-people"),
    )
    dossier = IdFilter(label=_("案卷"), field_name="dossier_id", widget=_dossier_picker())
    anomaly = django_filters.BooleanFilter(label=_("异常"))
    mode = django_filters.ChoiceFilter(label=_("用印方式"), choices=SealRequestItem.Mode.choices)

    class Meta:
        model = Impression
        fields = ["seal", "date_from", "date_to", "requester", "dossier", "anomaly", "mode"]


class LoanFilter(FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=states.LoanStatus.choices)
    seal = IdFilter(
        label=_("印章"),
        field_name="seal_id",
        widget=PickerInput("seals:pick-seals", labeller=labeller_for(Seal)),
    )
    overdue = django_filters.BooleanFilter(label=_("逾期未还"), method="filter_overdue")

    class Meta:
        model = SealLoan
        fields = ["status", "seal", "overdue"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        if value:
            return queryset.filter(status=states.LoanStatus.OUT, due_at__lt=timezone.now())
        return queryset
