"""Issue 9.3: the demo loader touches only what it made.

`make run` a second time used to file every unfiled document of every user, box it and write audit events in
the demo clerk's name; archival codes are permanent. Here `load_demo` runs twice around real work (by real
accounts, and by people working as the demo users) and nothing of theirs may change.
"""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent, User
from accounts.roles import CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR
from archive import services as archive
from archive.models import ArchiveRecord, Counter, Filing, Location, Movement, Original
from demo.content import make_pdf, make_png
from demo.models import DemoObject
from docstore.models import Document, DocumentType, Dossier
from docstore.services import documents as docstore
from docstore.services import dossiers
from seals import services as seals
from seals.models import Impression, Seal, SealRequest, SealRequestItem
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _project_models() -> list:
    root = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root) and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]


def _snapshot() -> dict:
    """Every row of every model of the project's apps (users and the audit trail included)."""
    return {
        model._meta.label: {row[model._meta.pk.attname]: row for row in model.objects.order_by("pk").values()}
        for model in _project_models()
    }


def _load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _upload(actor, title, code, dossier=None):
    return docstore.create_document(
        actor,
        file=io.BytesIO(make_pdf(title, ["正文"], pages=2)),
        filename="scan.pdf",
        title=title,
        doc_type=DocumentType.objects.get(code=code),
        dossier=dossier,
    )


@pytest.fixture
def demo_on(settings):
    settings.DEBUG = True
    settings.DEMO_LOADERS = ["seals.demo.load", "archive.demo.load"]


@pytest.fixture
def real_work(clerk, field, manager):
    """Before the first demo run: real accounts work on the very names the demo uses."""
    dossier = dossiers.create_dossier(
        clerk, project="锦绣花园", building="3", unit="1502", customers=[{"name": "陈明", "id_number": "1"}]
    )
    contract = _upload(clerk, "商品房买卖合同 锦绣花园 3-1502", "sales_contract", dossier)
    mortgage = _upload(field, "房地产抵押合同 3-1502", "mortgage_contract", dossier)
    notice = _upload(manager, "关于规范用印管理的通知", "company_notice")
    seal = seals.register_seal(
        manager, name="锦绣置业公章", kind="company", company="锦绣置业", custodian=clerk, image=make_png()
    )
    seal = seals.change_seal_status(manager, seal, to_status="active")
    room = archive.create_location(clerk, kind="room", name="一号档案库房")
    return {
        "dossier": dossier,
        "documents": [contract, mortgage, notice],
        "seal": seal,
        "room": room,
    }


def _audit_names(event, objects) -> bool:
    return any(event.object_type == o._meta.label_lower and event.object_id == str(o.pk) for o in objects)


def test_two_runs_around_real_work_touch_nothing_of_theirs(demo_on, real_work, clerk, field, manager):
    before = _snapshot()
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    first = _load()

    # The first run made its own data, and left every existing row as it was (the shared item-number
    # series aside: demo records take the next numbers, as any new record does).
    assert "skipped 锦绣花园 3-1502" in first
    assert DemoObject.objects.filter(key__startswith="docstore.document:").count() == 8
    after_first = _snapshot()
    for label, rows in before.items():
        if label == Counter._meta.label:
            continue
        for pk, row in rows.items():
            assert after_first[label][pk] == row, (label, pk)
    mine = [real_work["dossier"], real_work["seal"], real_work["room"], *real_work["documents"]]
    for event in AuditEvent.objects.filter(seq__gt=seq):
        assert event.actor.is_demo, event
        assert not _audit_names(event, mine), event
    assert real_work["dossier"].documents.count() == 2
    assert not ArchiveRecord.objects.filter(document__in=real_work["documents"]).exists()
    assert not Original.objects.filter(document__in=real_work["documents"]).exists()
    assert not SealRequestItem.objects.filter(version__document__in=real_work["documents"]).exists()
    assert not Impression.objects.filter(seal=real_work["seal"]).exists()
    assert not Location.objects.filter(parent=real_work["room"]).exists()
    assert ArchiveRecord.objects.filter(box__isnull=False).exists()  # the demo's own records are boxed

    # Between the runs: people work, as real accounts and as the demo users.
    demo_clerk = User.objects.get(username="clerk", is_demo=True)
    demo_dossier = Dossier.objects.get(project="锦绣花园", unit="0801")
    scan = _upload(demo_clerk, "客户身份证复印件 5-0801", "other", demo_dossier)
    own = _upload(clerk, "退房申请 3-1502", "other", real_work["dossier"])
    item = {
        "version": real_work["documents"][1].current_version,
        "seal": real_work["seal"],
        "impressions": 1,
        "mode": "physical",
    }
    request = seals.submit_request(
        field, seals.create_request(field, purpose="抵押登记", recipient="bank", items=[item])
    )
    filed = archive.file_document(clerk, real_work["documents"][0], year=2026, note="本人归档")
    between = _snapshot()
    events = AuditEvent.objects.count()

    second = _load()

    assert "demo data ready (0 new documents)" in second and "(0 newly filed" in second
    assert _snapshot() == between
    assert AuditEvent.objects.count() == events
    for document in (scan, own, real_work["documents"][1], real_work["documents"][2]):
        assert not ArchiveRecord.objects.filter(document=document).exists(), document
    assert ArchiveRecord.objects.get(document=real_work["documents"][0]) == filed
    request.refresh_from_db()
    assert request.status == "submitted" and not Impression.objects.filter(request=request).exists()
    assert not Movement.objects.filter(original__document__in=[scan, own]).exists()
    assert not Filing.objects.filter(document__in=[scan, own, *real_work["documents"]]).exists()


def test_the_second_run_files_nothing_of_a_real_user(demo_on, clerk):
    """The reproduction from the issue: `make run`, a user uploads, `make run` again."""
    _load()
    events = AuditEvent.objects.count()
    document = _upload(clerk, "优惠审批单 5-0801", "other")
    _load()
    assert not ArchiveRecord.objects.filter(document=document).exists()
    assert AuditEvent.objects.count() == events + 1  # the upload's own event, nothing in the clerk's name
    assert not AuditEvent.objects.filter(actor__is_demo=True, object_id=str(document.pk)).exists()


def test_the_demo_marks_its_own_data(demo_on):
    _load()
    demo_users = set(User.objects.filter(is_demo=True).values_list("pk", flat=True))
    assert {u.username for u in User.objects.filter(is_demo=True)} == {
        "clerk",
        "field",
        "manager",
        "director",
        "admin",
    }
    kept = {(row.content_type.model_class(), row.object_id) for row in DemoObject.objects.all()}
    for document in Document.objects.all():
        assert (Document, document.pk) in kept and document.created_by_id in demo_users
    for model in (Dossier, Seal, SealRequest, Original, Filing):
        assert model.objects.exists()
        assert all((model, pk) in kept for pk in model.objects.values_list("pk", flat=True)), model
    assert set(ArchiveRecord.objects.values_list("filed_by", flat=True)) <= demo_users


def test_a_real_account_under_a_demo_name_stops_the_loader(demo_on, db):
    real = make_user("clerk", CLERK)
    before = _snapshot()
    with pytest.raises(CommandError, match="clerk"):
        _load()
    assert _snapshot() == before
    real.refresh_from_db()
    assert not real.is_demo and real.check_password("pw-Secret-123")


def test_demo_users_without_a_record_of_demo_data_load_nothing(demo_on, db):
    """A database from before the record: which rows are demo data is unknown, so nothing is added."""
    for username, role in (("clerk", CLERK), ("field", FIELD_STAFF), ("manager", MANAGER), ("admin", CLERK)):
        make_user(username, role, is_demo=True)
    make_user("director", MARKETING_DIRECTOR, is_demo=True)
    before = _snapshot()
    assert "no record of demo data: nothing loaded" in _load()
    assert _snapshot() == before


def test_refused_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        _load()
    assert not DemoObject.objects.exists() and not User.objects.exists()
