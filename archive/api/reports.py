"""The shape of the four-property check's report (四性检测), for the schema: checks.check_batch() builds it."""

from rest_framework import serializers


class CheckItemSerializer(serializers.Serializer):
    name = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField(allow_blank=True)


class PropertyResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    checks = CheckItemSerializer(many=True)


class RecordCheckSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    archival_code = serializers.CharField()
    ok = serializers.BooleanField()
    properties = serializers.DictField(
        child=PropertyResultSerializer(), help_text="authenticity, integrity, usability, security"
    )


class CheckReportSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    count = serializers.IntegerField()
    ok = serializers.BooleanField()
    passed = serializers.DictField(
        child=serializers.IntegerField(), help_text="records passing, per property"
    )
    records = RecordCheckSerializer(many=True)
