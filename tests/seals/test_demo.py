import io

import pytest
from django.core.management import call_command

from seals.models import Impression, Seal, SealRequest


@pytest.mark.django_db
def test_demo_loads_twice_without_changes(settings):
    settings.DEBUG = True
    settings.DEMO_LOADERS = ["seals.demo.load"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Seal.objects.count() == 4
    assert Seal.objects.filter(custodian__username="clerk").count() == 4  # no approver keeps one (审用分离)
    assert set(Seal.objects.values_list("status", flat=True)) == {"active"}
    assert sorted(SealRequest.objects.values_list("status", flat=True)) == ["stamped", "stamped", "submitted"]
    assert {i.mode: i.count for i in Impression.objects.all()} == {"physical": 4, "electronic": 2}
    state = (Seal.objects.count(), SealRequest.objects.count(), Impression.objects.count())
    call_command("load_demo", stdout=out)
    assert (Seal.objects.count(), SealRequest.objects.count(), Impression.objects.count()) == state
