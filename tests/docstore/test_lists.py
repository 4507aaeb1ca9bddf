"""Issue 11, item 4a: the document and dossier lists show status badges (已盖章, 已归档, 借出中, 待审批, 检出中)
at a constant number of queries; filters saved per person; bulk actions on the selected documents (file
into the archive, change the type, one zip) through the services, with their permission checks."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from docstore.models import Document, SavedFilter
from docstore.services import documents, dossiers

pytestmark = pytest.mark.django_db


def make_documents(clerk, doc_type, n, *, unit="1502", title="借款合同"):
    dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit=unit)
    from demo.content import make_pdf

    return [
        documents.create_document(
            clerk,
            file=io.BytesIO(make_pdf(f"{title} {unit}-{i}", ["x"], pages=1)),
            filename=f"d{i}.pdf",
            title=f"{title} {unit}-{i}",
            doc_type=doc_type("loan_contract"),
            dossier=dossier,
        )  # fmt: skip
        for i in range(n)
    ]


@pytest.fixture
def every_state(clerk, field, manager, doc_type):
    """One document in each state the badges name."""
    from archive import services as archive
    from docstore.services import edit_locks
    from seals import services as seals
    from tests.workbench.builders import make_active_seal

    filed, out, pending, locked = make_documents(clerk, doc_type, 4)
    archive.file_document(clerk, filed)
    original = archive.register_original(clerk, out, kind="bank")
    archive.check_out_original(clerk, original, party_type="colleague", holder=field, purpose="送银行")
    seal = make_active_seal(manager, clerk)
    req = seals.create_request(field, purpose="用印", recipient="bank", dossier=pending.dossier, items=[
        {"version": pending.current_version, "seal": seal, "impressions": 1, "mode": "physical"}])  # fmt: skip
    seals.submit_request(field, req)
    edit_locks.lock_for_edit(field, locked)
    return {"filed": filed, "out": out, "pending": pending, "locked": locked}


def badges_of(html: str, title: str) -> list[str]:
    import re

    row = next(r for r in html.split("<tr>") if f">{title}</a>" in r)
    return re.findall(r'data-badge="([^"]+)"', row)


class TestBadges:
    def test_each_state_on_the_document_list(self, web, clerk, every_state):
        html = web(clerk).get(reverse("docstore:document-list")).content.decode()
        assert badges_of(html, every_state["filed"].title) == ["archive.filed"]
        assert badges_of(html, every_state["out"].title) == ["archive.out"]
        assert badges_of(html, every_state["pending"].title) == ["seals.pending"]
        assert badges_of(html, every_state["locked"].title) == ["docstore.checked_out"]
        for word in ("已归档", "借出中", "待审批", "检出中"):
            assert word in html

    def test_stamped(self, web, clerk, field, manager, dossier, document):
        from tests.workbench.builders import build_trail, make_active_seal

        trail = build_trail(clerk, field, manager, dossier, document, make_active_seal(manager, clerk))
        html = web(clerk).get(reverse("docstore:document-list")).content.decode()
        assert "docstore.stamped" in badges_of(html, trail.document.title) and "已盖章" in html

    def test_the_dossier_list_counts_them(self, web, clerk, every_state):
        html = web(clerk).get(reverse("docstore:dossier-list")).content.decode()
        for text in ("已归档 1", "借出中 1", "待审批 1", "检出中 1"):
            assert text in html

    @pytest.mark.parametrize("n", [2, 12])
    def test_a_constant_number_of_queries(
        self, web, clerk, doc_type, every_state, n, django_assert_max_num_queries
    ):
        make_documents(clerk, doc_type, n, unit=f"9{n}")
        client = web(clerk)
        with django_assert_max_num_queries(16):
            client.get(reverse("docstore:document-list"))
        # the nav's seal count asks whether a pending approval step names the clerk: 1, at any size
        with django_assert_max_num_queries(15):
            client.get(reverse("docstore:dossier-list"))


class TestSavedFilters:
    def test_save_use_and_delete(self, web, clerk, field, doc_type):
        make_documents(clerk, doc_type, 2)
        client = web(clerk)
        answer = client.post(reverse("docstore:saved-filter-create"),
                             {"list_name": "documents", "name": "借款合同", "query": "doc_type=loan_contract&page=2"})  # fmt: skip
        assert answer.status_code == 302 and answer["Location"] == "/documents/?doc_type=loan_contract"
        html = client.get(reverse("docstore:document-list"), {"doc_type": "loan_contract"}).content.decode()
        assert '<a href="?doc_type=loan_contract">借款合同</a>' in html
        saved = SavedFilter.objects.get()
        assert AuditEvent.objects.filter(action="saved_filter.saved").exists()
        # per person: another sees none of it, and cannot delete it
        assert "借款合同</a>" not in web(field).get(reverse("docstore:document-list")).content.decode()
        assert web(field).post(reverse("docstore:saved-filter-delete", args=[saved.pk])).status_code == 404
        client = web(clerk)
        client.post(reverse("docstore:saved-filter-delete", args=[saved.pk]))
        assert not SavedFilter.objects.exists()

    def test_bad_input(self, web, clerk, outsider):
        client = web(clerk)
        client.post(
            reverse("docstore:saved-filter-create"),
            {"list_name": "documents", "name": "空", "query": "page=3"},
        )
        client.post(
            reverse("docstore:saved-filter-create"), {"list_name": "nope", "name": "x", "query": "a=1"}
        )
        assert not SavedFilter.objects.exists()
        answer = web(outsider).post(reverse("docstore:saved-filter-create"),
                                    {"list_name": "dossiers", "name": "x", "query": "unit=1"})  # fmt: skip
        assert answer.status_code == 403

    def test_the_dossier_list_too(self, web, clerk):
        answer = web(clerk).post(reverse("docstore:saved-filter-create"),
                                 {"list_name": "dossiers", "name": "3 栋", "query": "building=3"})  # fmt: skip
        assert answer["Location"] == "/dossiers/?building=3"
        assert "3 栋</a>" in web(clerk).get(reverse("docstore:dossier-list")).content.decode()


class TestBulkActions:
    def test_the_list_offers_them(self, web, clerk, field, doc_type):
        make_documents(clerk, doc_type, 1)
        html = web(clerk).get(reverse("docstore:document-list")).content.decode()
        assert 'form="bulk"' in html and 'value="archive.file"' in html and 'value="zip"' in html
        assert (
            'value="archive.file"' not in web(field).get(reverse("docstore:document-list")).content.decode()
        )

    def test_file_the_selected(self, web, clerk, doc_type):
        from archive.models import ArchiveRecord

        docs = make_documents(clerk, doc_type, 3)
        answer = web(clerk).post(reverse("docstore:document-bulk"),
                                 {"action": "archive.file", "ids": [d.pk for d in docs[:2]]}, follow=True)  # fmt: skip
        assert ArchiveRecord.objects.count() == 2 and "已归档 2 份" in answer.content.decode()
        again = web(clerk).post(reverse("docstore:document-bulk"),
                                {"action": "archive.file", "ids": [docs[0].pk, docs[2].pk]}, follow=True)  # fmt: skip
        assert ArchiveRecord.objects.count() == 3 and "未归档 1 份" in again.content.decode()

    def test_filing_is_the_keepers(self, web, clerk, field, doc_type):
        docs = make_documents(clerk, doc_type, 1)
        answer = web(field).post(
            reverse("docstore:document-bulk"), {"action": "archive.file", "ids": [docs[0].pk]}
        )
        assert answer.status_code == 403

    def test_change_the_type(self, web, clerk, doc_type, every_state):
        ids = [every_state["filed"].pk, every_state["out"].pk, every_state["locked"].pk]
        answer = web(clerk).post(reverse("docstore:document-bulk"),
                                 {"action": "type", "doc_type": "mortgage_contract", "ids": ids}, follow=True)  # fmt: skip
        html = answer.content.decode()
        assert Document.objects.get(pk=every_state["out"].pk).doc_type.code == "mortgage_contract"
        assert (
            Document.objects.get(pk=every_state["filed"].pk).doc_type.code == "loan_contract"
        )  # filed: skipped
        assert "已把 1 份改为" in html and every_state["filed"].title in html
        assert AuditEvent.objects.filter(action="document.corrected").count() == 1

    def test_one_zip(self, web, clerk, doc_type):
        docs = make_documents(clerk, doc_type, 2)
        answer = web(clerk).post(
            reverse("docstore:document-bulk"), {"action": "zip", "ids": [d.pk for d in docs]}
        )
        assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content))).namelist()
        assert sorted(names) == ["d0.pdf", "d1.pdf"]
        assert AuditEvent.objects.filter(action="version.downloaded").count() == 2

    @pytest.mark.parametrize("ids", [[], ["x"], ["99999999999999999999999"]])
    def test_bad_selection(self, web, clerk, ids):
        answer = web(clerk).post(
            reverse("docstore:document-bulk"), {"action": "zip", "ids": ids}, follow=True
        )
        assert answer.status_code == 200 and 'class="msg error"' in answer.content.decode()

    def test_unknown_action_and_get(self, web, clerk, doc_type):
        docs = make_documents(clerk, doc_type, 1)
        answer = web(clerk).post(
            reverse("docstore:document-bulk"), {"action": "nope", "ids": [docs[0].pk]}, follow=True
        )
        assert "未知的批量操作" in answer.content.decode()
        assert web(clerk).get(reverse("docstore:document-bulk")).status_code == 405
