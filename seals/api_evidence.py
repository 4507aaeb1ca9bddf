"""HTTP API v1 for the evidence of paper stamping: an item's evidence (list, upload) and a manager's acceptance.

The phone capture of the intake posts its photos here: multipart `files` (one or more, in page order).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from seals import selectors, services
from seals.models import StampEvidence


class EvidenceSerializer(serializers.ModelSerializer):
    findings_text = serializers.ListField(child=serializers.CharField(), read_only=True)
    uploaded_by = serializers.StringRelatedField()
    accepted_by = serializers.StringRelatedField()
    detail_url = serializers.SerializerMethodField()

    class Meta:
        model = StampEvidence
        fields = [
            "id",
            "item",
            "version",
            "status",
            "approved_pages",
            "evidence_pages",
            "impressions_found",
            "findings",
            "findings_text",
            "pages",
            "uploaded_by",
            "created_at",
            "accepted_by",
            "accepted_at",
            "accept_note",
            "detail_url",
        ]
        read_only_fields = fields

    def get_detail_url(self, obj) -> str:
        return obj.get_absolute_url()


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


def _item(user, request_id, item_id):
    return get_object_or_404(
        selectors.visible_items(user).select_related("request", "seal", "version__document"),
        pk=item_id,
        request_id=request_id,
    )


class ItemEvidenceView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=EvidenceSerializer(many=True))
    def get(self, request, pk, item_id):
        item = _item(request.user, pk, item_id)
        return Response(EvidenceSerializer(selectors.evidence_of(item.pk), many=True).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer}
    )
    def post(self, request, pk, item_id):
        item = _item(request.user, pk, item_id)
        files = request.FILES.getlist("files")
        serializer = EvidenceUploadSerializer(data={"files": files})
        serializer.is_valid(raise_exception=True)
        evidence = services.add_evidence(request.user, item, files=serializer.validated_data["files"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceAcceptView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=AcceptSerializer, responses=EvidenceSerializer)
    def post(self, request, pk):
        visible = selectors.visible_items(request.user).values("pk")
        evidence = get_object_or_404(StampEvidence.objects.filter(item__in=visible), pk=pk)
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = services.accept_evidence(request.user, evidence, note=serializer.validated_data["note"])
        return Response(EvidenceSerializer(evidence).data)
