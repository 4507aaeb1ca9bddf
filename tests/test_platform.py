import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_real_secrets(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="a-real-secret-key-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="docs.example.com",
        VAR_DIR=str(tmp_path),
    )
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults(settings):
    from config.settings import LANGUAGE_CODE, TIME_ZONE

    assert LANGUAGE_CODE == "zh-hans" and TIME_ZONE == "Asia/Shanghai"
    assert settings.MAX_UPLOAD_MB == 200 or os.environ.get("MAX_UPLOAD_MB")


@pytest.mark.django_db
def test_demo_loader_is_idempotent(settings):
    from accounts.audit_model import AuditEvent
    from docstore.models import Document, Dossier, Version

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        Dossier.objects.count(),
        Document.objects.count(),
        Version.objects.count(),
        AuditEvent.objects.count(),
    )
    # the demo's three dossiers and the nine units of the cases demo
    assert counts[0] == 12 and counts[1] >= 11
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        Dossier.objects.count(),
        Document.objects.count(),
        Version.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_demo_loader_refuses_without_debug(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
