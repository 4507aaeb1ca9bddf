"""Issue 9.1: an approved disposal never takes bytes that a version uploaded at the same moment points at.

A batch is approved while 8 threads upload the batch's bytes again as new documents (through the service).
Each upload's put finds the bytes still stored, so it writes nothing; the two ways the race can end are
forced rather than hoped for, by holding back one side at a point both the old and the new code pass:
- "recorded first": the uploads record their versions after the approval listed the blobs to delete and
  before the deletion starts: the deletion must see them and keep the bytes;
- "deleted first": the bytes are deleted after every upload put them and before any upload records its
  version: each upload must write the bytes again before its version commits.
Either way every upload that succeeded downloads whole (bytes and sha256 checked), page images included,
and the bytes nobody uploaded again are gone. Runs on SQLite and PostgreSQL.
"""

import datetime
import hashlib
import io
import threading

import pytest
from django.db import connections

from archive import services
from archive.models import ArchiveRecord, DisposalBatch
from archive.services import retention
from demo.content import make_pdf
from docstore.models import PreviewPage, Version
from tests.conftest import api_client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_db")]

UPLOADERS = 8
WAIT = 60  # seconds; only reached when a step never comes, which fails the test below
LONG_AGO = datetime.date(2001, 1, 1)


def _create(actor, data: bytes, title: str, doc_type, dossier=None):
    from docstore.services import documents as docstore_services

    return docstore_services.create_document(
        actor, file=io.BytesIO(data), filename=f"{title}.pdf", title=title, doc_type=doc_type, dossier=dossier
    )


class RecordedFirst:
    """The uploads start once the approval has listed the blobs to delete; the deletion starts once every
    upload has recorded its version."""

    def __init__(self, monkeypatch, store, raced_shas):
        self.listed, self.uploads_done = threading.Event(), threading.Event()
        list_blobs, delete_blobs = retention._blobs_to_delete, retention._delete_blobs

        def listing(*args, **kwargs):
            found = list_blobs(*args, **kwargs)
            self.listed.set()
            return found

        def deleting(*args, **kwargs):
            assert self.uploads_done.wait(WAIT)
            return delete_blobs(*args, **kwargs)

        monkeypatch.setattr(retention, "_blobs_to_delete", listing)
        monkeypatch.setattr(retention, "_delete_blobs", deleting)

    def before_upload(self):
        assert self.listed.wait(WAIT)

    def all_uploaded(self):
        self.uploads_done.set()


class DeletedFirst:
    """A delete of raced bytes waits until all their uploads have put them; an upload's put of raced bytes
    returns only once the deletion of those bytes has begun."""

    def __init__(self, monkeypatch, store, raced_shas):
        self.expected = {sha: raced_shas.count(sha) for sha in raced_shas}
        self.puts = dict.fromkeys(self.expected, 0)
        self.deleting: set[str] = set()
        self.changed = threading.Condition()
        real_put, real_delete = store.put, store.delete

        def put(stream):
            result = real_put(stream)
            if result.sha256 in self.expected:
                with self.changed:
                    self.puts[result.sha256] += 1
                    self.changed.notify_all()
                    assert self.changed.wait_for(lambda: result.sha256 in self.deleting, WAIT)
            return result

        def delete(sha256):
            if sha256 in self.expected:
                with self.changed:
                    assert self.changed.wait_for(lambda: self.puts[sha256] >= self.expected[sha256], WAIT)
                    self.deleting.add(sha256)
                    self.changed.notify_all()
            real_delete(sha256)

        monkeypatch.setattr(store, "put", put)
        monkeypatch.setattr(store, "delete", delete)

    def before_upload(self):
        pass

    def all_uploaded(self):
        pass


@pytest.mark.parametrize("order", [RecordedFirst, DeletedFirst], ids=["recorded-first", "deleted-first"])
def test_uploads_during_an_approval_keep_their_bytes(
    order, clerk, manager, dossier, doc_type, store, monkeypatch
):
    notice = doc_type("company_notice")  # D10: due since 2011
    contents = [make_pdf(f"到期文件 {i}", [f"第 {i} 份，编号 XH-{i:04d}"]) for i in range(4)]
    documents = [_create(clerk, data, f"到期文件 {i}", notice, dossier) for i, data in enumerate(contents)]
    records = [services.file_document(clerk, d, year=2026) for d in documents]
    services.set_retention_trigger(clerk, records, trigger_date=LONG_AGO, event="合同履行完毕")
    batch = services.propose_disposal(clerk, [ArchiveRecord.objects.get(pk=r.pk) for r in records])
    raced = [contents[i % 3] for i in range(UPLOADERS)]  # the fourth is not uploaded again
    untouched_sha = hashlib.sha256(contents[3]).hexdigest()
    choreography = order(monkeypatch, store, [hashlib.sha256(data).hexdigest() for data in raced])

    uploaded, errors = [], []

    def upload(i):
        try:
            choreography.before_upload()
            document = _create(clerk, raced[i], f"再次上传 {i}", doc_type("other"))
            uploaded.append((document.current_version.pk, raced[i]))
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(UPLOADERS)]
    for thread in threads:
        thread.start()
    approver = threading.Thread(
        target=lambda: (
            services.approve_disposal(manager, DisposalBatch.objects.get(pk=batch.pk)),
            connections.close_all(),
        )
    )
    approver.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT)
    choreography.all_uploaded()
    approver.join(timeout=2 * WAIT)
    monkeypatch.undo()

    assert not errors, errors
    assert len(uploaded) == UPLOADERS
    batch = DisposalBatch.objects.get(pk=batch.pk)
    assert batch.status == DisposalBatch.Status.APPROVED
    assert set(ArchiveRecord.objects.values_list("status", flat=True)) == {ArchiveRecord.Status.DISPOSED}
    # Every upload that succeeded downloads whole, through the API (which checks the sha256 as it streams).
    client = api_client(clerk)
    for version_id, data in uploaded:
        response = client.get(f"/api/v1/versions/{version_id}/content")
        assert response.status_code == 200, (version_id, response.status_code)
        body = b"".join(response.streaming_content)
        assert body == data and hashlib.sha256(body).hexdigest() == Version.objects.get(pk=version_id).sha256
        pages = PreviewPage.objects.filter(version_id=version_id)
        assert pages.exists()
        for page in pages:
            with store.open(page.sha256) as stream:
                assert hashlib.sha256(stream.read()).hexdigest() == page.sha256
    # The bytes nobody uploaded again are gone, and the certificate lists them.
    assert not store.exists(untouched_sha)
    assert untouched_sha in {sha for item in batch.items.all() for sha in item.deleted_blobs}
