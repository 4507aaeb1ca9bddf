"""API: case templates (the manager edits them) and cases with their steps (complete, skip, seal request,
cancel, move). Thin: the services check permission and state."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import selectors, services
from cases.filters import CaseFilter
from cases.models import CaseTemplate, Step
from cases.requirements import missing_by_step
from cases.serializers import (
    CaseCreateSerializer,
    CaseMoveSerializer,
    CaseReasonSerializer,
    CaseSerializer,
    CaseTemplateCreateSerializer,
    CaseTemplateSerializer,
    CaseTemplateUpdateSerializer,
    SealRequestLinkSerializer,
    StepCompleteSerializer,
)
from core.api import validated

STEP_NUMBER = OpenApiParameter("n", int, OpenApiParameter.PATH, description="the step's number (1, 2, …)")


class CaseTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Templates as data: anyone reads them, the manager creates and edits them (PUT/PATCH replace the steps
    when `steps` is given; running cases keep theirs)."""

    serializer_class = CaseTemplateSerializer
    queryset = CaseTemplate.objects.prefetch_related("steps").order_by("kind", "code")

    def _answer(self, template, code=status.HTTP_200_OK):
        return Response(CaseTemplateSerializer(self.get_queryset().get(pk=template.pk)).data, status=code)

    @extend_schema(request=CaseTemplateCreateSerializer, responses={201: CaseTemplateSerializer})
    def create(self, request):
        data = validated(CaseTemplateCreateSerializer, request.data)
        template = services.create_template(request.user, **data)
        return self._answer(template, status.HTTP_201_CREATED)

    @extend_schema(request=CaseTemplateUpdateSerializer, responses={200: CaseTemplateSerializer})
    def update(self, request, pk=None, partial=False):
        template = self.get_object()
        data = validated(CaseTemplateUpdateSerializer, request.data, partial=partial)
        template = services.update_template(request.user, template, **data)
        return self._answer(template)

    @extend_schema(request=CaseTemplateUpdateSerializer, responses={200: CaseTemplateSerializer})
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


def _case_queryset():
    steps = Step.objects.select_related("seal_request", "done_by").order_by("number")
    return (
        selectors.case_list().select_related("template").prefetch_related(Prefetch("steps", queryset=steps))
    )


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        return _case_queryset()

    def _context(self, cases) -> dict:
        """What every step of these cases still lacks, read once for the whole page."""
        steps = []
        for case in cases:
            for step in case.steps.all():
                step.case = case
                if step.status in ("waiting", "active"):
                    steps.append(step)
        return {**self.get_serializer_context(), "missing": missing_by_step(steps)}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseSerializer(page, many=True, context=self._context(page)).data)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def _answer(self, case, code=status.HTTP_200_OK):
        case = _case_queryset().get(pk=case.pk)
        return Response(CaseSerializer(case, context=self._context([case])).data, status=code)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def create(self, request):
        data = validated(CaseCreateSerializer, request.data)
        case = services.open_case(
            request.user,
            data["dossier"],
            data["template"],
            owner=data.get("owner"),
            details=data.get("details"),
        )
        return self._answer(case, status.HTTP_201_CREATED)

    def _step(self, n) -> Step:
        case = self.get_object()
        number = int(n)
        if not 1 <= number <= 32767:
            raise Http404
        return selectors.step_or_404(case, number)

    @extend_schema(request=StepCompleteSerializer, responses={200: CaseSerializer}, parameters=[STEP_NUMBER])
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<n>[0-9]{1,9})/complete")
    def complete(self, request, pk=None, n=None):
        """409 `missing` names what the step still lacks (documents, seal use, original's movement, filing)."""
        step = self._step(n)
        data = validated(StepCompleteSerializer, request.data)
        services.complete_step(request.user, step, data=data.get("data"), note=data.get("note", ""))
        return self._answer(step.case)

    @extend_schema(request=CaseReasonSerializer, responses={200: CaseSerializer}, parameters=[STEP_NUMBER])
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<n>[0-9]{1,9})/skip")
    def skip(self, request, pk=None, n=None):
        step = self._step(n)
        services.skip_step(request.user, step, reason=validated(CaseReasonSerializer, request.data)["reason"])
        return self._answer(step.case)

    @extend_schema(request=None, responses={201: SealRequestLinkSerializer}, parameters=[STEP_NUMBER])
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<n>[0-9]{1,9})/seal-request")
    def seal_request(self, request, pk=None, n=None):
        """The seal-use application filled from the step (a draft for the requester to submit)."""
        req = services.request_seal(request.user, self._step(n))
        return Response(
            {"seal_request": req.pk, "url": req.get_absolute_url()}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=CaseReasonSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        case = services.cancel_case(
            request.user, self.get_object(), reason=validated(CaseReasonSerializer, request.data)["reason"]
        )
        return self._answer(case)

    @extend_schema(request=CaseMoveSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        data = validated(CaseMoveSerializer, request.data)
        case = services.move_case(request.user, self.get_object(), data["dossier"], reason=data["reason"])
        return self._answer(case)
