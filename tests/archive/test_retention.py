import datetime
import io

import pytest

from accounts.audit_model import AuditEvent
from archive import selectors, services
from archive.models import ArchiveRecord, DisposalBatch
from core.errors import Conflict, Forbidden, InvalidInput
from demo.content import make_pdf

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2001, 1, 1)


@pytest.fixture
def expired(clerk, new_document):
    """Three D10 records whose retention ran out (trigger: contract completed in 2001)."""
    records = [
        services.file_document(clerk, new_document("company_notice", title=f"通知 {i}"), year=2026)
        for i in range(3)
    ]
    services.set_retention_trigger(clerk, records, trigger_date=LONG_AGO, event="合同履行完毕")
    return [ArchiveRecord.objects.get(pk=r.pk) for r in records]


def test_due_list(api, clerk, expired, record):
    due = list(selectors.due_for_disposal())
    assert due == expired
    listing = api(clerk).get("/api/v1/disposals/due").json()
    assert listing["count"] == 3 and listing["results"][0]["disposal_due"] == "2011-01-01"


def test_holds_on_record_and_dossier(api, manager, clerk, expired, dossier):
    response = api(manager).post("/api/v1/holds/", {"record": expired[0].pk, "reason": "诉讼"}, format="json")
    assert response.status_code == 201
    assert expired[0] not in selectors.due_for_disposal()
    api(manager).post("/api/v1/holds/", {"dossier": dossier.pk, "reason": "审计"}, format="json")
    assert list(selectors.due_for_disposal()) == []
    assert (
        api(clerk).post("/api/v1/holds/", {"record": expired[1].pk, "reason": "x"}, format="json").status_code
        == 403
    )
    assert api(manager).post("/api/v1/holds/", {"reason": "x"}, format="json").status_code == 400
    hold_id = response.json()["id"]
    assert api(manager).post(f"/api/v1/holds/{hold_id}/release", {}, format="json").status_code == 200
    assert api(manager).post(f"/api/v1/holds/{hold_id}/release", {}, format="json").status_code == 409


def test_disposal_batch_approved_deletes_bytes_keeps_record(
    api, clerk, manager, expired, store, django_capture_on_commit_callbacks
):
    shas = [r.version.sha256 for r in expired[:2]]
    created = api(clerk).post(
        "/api/v1/disposals/", {"records": [r.pk for r in expired[:2]], "reason": "到期鉴定"}, format="json"
    )
    assert created.status_code == 201, created.content
    batch = created.json()
    assert batch["status"] == "proposed" and len(batch["items"]) == 2
    assert [r.pk for r in selectors.due_for_disposal()] == [
        expired[2].pk
    ]  # pending ones are not listed again
    assert all(store.exists(s) for s in shas)
    with django_capture_on_commit_callbacks(execute=True):
        approved = api(manager).post(
            f"/api/v1/disposals/{batch['id']}/approve", {"note": "同意"}, format="json"
        )
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "approved" and body["decided_by"] == "张伟"
    assert sorted(s for i in body["items"] for s in i["deleted_blobs"]) == sorted(shas)
    assert not any(store.exists(s) for s in shas)
    record = ArchiveRecord.objects.get(pk=expired[0].pk)
    assert record.status == "disposed" and record.archival_code.startswith("Q001-WS")
    assert selectors.disposed_blobs() == set(shas)
    # The fixity sweep knows these bytes were disposed of on purpose: not reported missing.
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("storage_check", "--no-progress", stdout=out)
    assert "0 missing, 0 corrupt" in out.getvalue()
    gone = api(clerk).get(f"/api/v1/versions/{expired[0].version.pk}/content")
    assert gone.status_code == 410 and gone.json()["error"] == "gone" and "销毁" in gone.json()["detail"]
    assert AuditEvent.objects.filter(action="disposal.approved").count() == 1
    certificate = api(clerk).get(f"/api/v1/disposals/{batch['id']}/certificate")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")


def test_shared_bytes_are_kept(clerk, manager, expired, store, django_capture_on_commit_callbacks):
    from docstore.models import DocumentType
    from docstore.services import documents

    same = expired[0].version
    with store.open(same.sha256) as stream:
        data = stream.read()
    documents.create_document(
        clerk,
        file=io.BytesIO(data),
        filename="copy.pdf",
        title="副本",
        doc_type=DocumentType.objects.get(code="other"),
    )
    batch = services.propose_disposal(clerk, [expired[0]])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_disposal(manager, batch)
    assert store.exists(same.sha256)
    assert batch.items.get().deleted_blobs == []


def test_nobody_approves_own_batch_and_roles(clerk, manager, field, expired):
    batch = services.propose_disposal(manager, expired[:1])
    with pytest.raises(Forbidden):
        services.approve_disposal(manager, batch)
    with pytest.raises(Forbidden):
        services.approve_disposal(clerk, batch)
    with pytest.raises(Forbidden):
        services.propose_disposal(field, expired[1:2])


def test_hold_after_proposal_blocks_approval(clerk, manager, expired, store):
    batch = services.propose_disposal(clerk, expired[:1])
    services.place_hold(manager, record=expired[0], reason="诉讼保全")
    with pytest.raises(Conflict) as exc:
        services.approve_disposal(manager, batch)
    assert exc.value.code == "held"
    assert store.exists(expired[0].version.sha256)
    assert ArchiveRecord.objects.get(pk=expired[0].pk).status == "filed"


def test_not_due_cannot_be_proposed(clerk, record):
    with pytest.raises(Conflict) as exc:
        services.propose_disposal(clerk, [record])
    assert record.archival_code in str(exc.value.detail)
    with pytest.raises(InvalidInput):
        services.propose_disposal(clerk, [])


def test_reject_and_states(clerk, manager, expired):
    batch = services.propose_disposal(clerk, expired[:1])
    with pytest.raises(InvalidInput):
        services.reject_disposal(manager, batch, note="")
    services.reject_disposal(manager, batch, note="尚需保留")
    with pytest.raises(Conflict):
        services.approve_disposal(manager, DisposalBatch.objects.get(pk=batch.pk))
    assert expired[0] in selectors.due_for_disposal()


def test_disposed_record_is_not_corrected_nor_bagged(api, clerk, manager, expired):
    services.approve_disposal(manager, services.propose_disposal(clerk, expired[:1]))
    with pytest.raises(Conflict):
        services.correct_record(manager, ArchiveRecord.objects.get(pk=expired[0].pk), reason="x", title="y")
    response = api(clerk).post("/api/v1/archive-records/bag", {"records": [expired[0].pk]}, format="json")
    assert response.status_code == 400


def test_make_pdf_is_importable():
    assert make_pdf("x", ["y"]).startswith(b"%PDF")


def test_trigger_event_for_a_dossier_via_api(api, clerk, field, dossier, new_document):
    records = [services.file_document(clerk, new_document(), year=2026) for _i in range(2)]
    payload = {"dossier": dossier.pk, "trigger_date": "2020-06-30", "event": "合同履行完毕"}
    assert api(field).post("/api/v1/archive-records/trigger", payload, format="json").status_code == 403
    response = api(clerk).post("/api/v1/archive-records/trigger", payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {r["id"] for r in body} == {r.pk for r in records}
    assert {r["disposal_due"] for r in body} == {"2050-06-30"}
    assert {r["trigger_event"] for r in body} == {"合同履行完毕"}
    future = {**payload, "trigger_date": "2999-01-01"}
    assert api(clerk).post("/api/v1/archive-records/trigger", future, format="json").status_code == 400
