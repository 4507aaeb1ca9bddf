import io

import pytest
from django.core.management import call_command

from archive.models import ArchiveRecord, Filing, Letter, Location, Movement, Original
from archive.selectors import overdue_movements

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (ArchiveRecord, Original, Movement, Letter, Filing, Location)]


def test_demo_is_complete_and_idempotent(settings):
    settings.DEBUG = True
    settings.DEMO_LOADERS = ["archive.demo.load"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "archive demo ready" in out.getvalue()
    first = _counts()
    assert ArchiveRecord.objects.filter(box__isnull=False).exists()
    assert overdue_movements().count() == 1
    assert Letter.objects.filter(direction="in").exists() and Letter.objects.filter(direction="out").exists()
    assert Filing.objects.filter(status="accepted").exists()
    assert set(Location.objects.values_list("kind", flat=True)) == {"room", "cabinet", "shelf", "box"}
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first


def test_reminders_and_check_commands(settings):
    settings.DEBUG = True
    settings.DEMO_LOADERS = ["archive.demo.load"]
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("archive_reminders", stdout=out)
    assert "original overdue" in out.getvalue() and "reply overdue" in out.getvalue()
    out = io.StringIO()
    call_command("archive_check", stdout=out)
    assert "ok=True" in out.getvalue()
