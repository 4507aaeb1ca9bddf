"""Issue 11, item 4: pickers, not ids. Each kind has a small JSON endpoint under the app that owns it (dossiers,
documents, originals, seals, people), and the forms and filters that asked for a number render a picker."""

import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def results(client, name, **params):
    answer = client.get(reverse(name), params)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    return answer.json()["results"]


@pytest.fixture
def unit_8_2101(clerk, doc_type, pdf_bytes):
    from docstore.services import documents, dossiers

    dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="8", unit="2101",
                                      customers=[{"name": "赵敏"}])  # fmt: skip
    loan = documents.create_document(clerk, file=io.BytesIO(pdf_bytes + b"%8"), filename="loan.pdf",
                                     title="借款合同", doc_type=doc_type("loan_contract"), dossier=dossier)  # fmt: skip
    return dossier, loan


class TestEndpoints:
    def test_dossiers_by_unit_customer_and_newest(self, web, clerk, dossier, unit_8_2101):
        client = web(clerk)
        assert [r["label"] for r in results(client, "docstore:pick-dossiers", q="8-2101")] == [
            "锦绣花园 8-2101"
        ]
        found = results(client, "docstore:pick-dossiers", q="赵敏")
        assert found == [{"id": unit_8_2101[0].pk, "label": "锦绣花园 8-2101", "detail": "赵敏"}]
        assert len(results(client, "docstore:pick-dossiers")) == 2  # nothing typed: the newest

    def test_documents_by_title_unit_customer_and_archival_code(self, web, clerk, document, unit_8_2101):
        from archive import services as archive

        record = archive.file_document(clerk, document)
        client = web(clerk)
        assert [r["id"] for r in results(client, "docstore:pick-documents", q="8-2101")] == [
            unit_8_2101[1].pk
        ]
        assert [r["id"] for r in results(client, "docstore:pick-documents", q="陈明")] == [document.pk]
        by_code = results(client, "docstore:pick-documents", q=record.archival_code[-9:])
        assert [r["id"] for r in by_code] == [document.pk]
        within = results(client, "docstore:pick-documents", q="合同", dossier=unit_8_2101[0].pk)
        assert [r["label"] for r in within] == ["借款合同"] and within[0]["version"]
        assert results(client, "docstore:pick-documents", q="合同", dossier="99999999999999999999999") != []

    def test_people_by_display_name(self, web, clerk, field, manager):
        found = results(web(field), "accounts:pick-people", q="王芳")
        assert [(r["label"], r["username"]) for r in found] == [("王芳", "clerk1")] and "内勤" in found[0][
            "detail"
        ]
        assert [r["label"] for r in results(web(field), "accounts:pick-people", q="张")] == ["张伟"]

    def test_seals_and_originals(self, web, clerk, manager, document):
        from archive import services as archive
        from tests.workbench.builders import make_active_seal

        seal = make_active_seal(manager, clerk)
        original = archive.register_original(clerk, document, kind="bank")
        client = web(clerk)
        assert [r["id"] for r in results(client, "seals:pick-seals", q="合同", active="1")] == [seal.pk]
        found = results(client, "archive:pick-originals", q="3-1502")
        assert [r["id"] for r in found] == [original.pk] and "银行联" in found[0]["label"]
        assert results(client, "archive:pick-originals", q="3-1502", document=document.pk + 1) == []

    @pytest.mark.parametrize(
        "name",
        ["docstore:pick-dossiers", "docstore:pick-documents", "accounts:pick-people", "seals:pick-seals",
         "archive:pick-originals"],
    )  # fmt: skip
    def test_forbidden_without_a_role_and_login(self, client, outsider, name):
        assert client.get(reverse(name)).status_code == 302
        client.force_login(outsider)
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name)).status_code in (403, 405)


class TestFormsAndFiltersOfferPickers:
    def test_the_document_list_filters(self, web, clerk, field, dossier, document):
        client = web(field)
        html = client.get(
            reverse("docstore:document-list"), {"dossier": dossier.pk, "created_by": "clerk1"}
        ).content.decode()
        assert 'data-picker="/pick/dossiers.json"' in html and 'data-picker-label="锦绣花园 3-1502"' in html
        assert 'data-picker="/pick/people.json"' in html and 'data-picker-key="username"' in html
        assert 'data-picker-label="王芳"' in html and document.title in html
        # "创建人" finds 王芳 by her name too
        by_name = client.get(reverse("docstore:document-list"), {"created_by": "王芳"}).content.decode()
        assert document.title in by_name
        assert client.get(reverse("api:document-list"), {"created_by": "clerk1"}).json()["count"] == 1

    def test_letters_filings_and_holds(self, web, clerk):
        client = web(clerk)
        letters = client.get(reverse("archive:letters")).content.decode()
        assert 'data-picker="/pick/documents.json"' in letters and "扫描件（文档编号）" not in letters
        filings = client.get(reverse("archive:filings")).content.decode()
        assert (
            'data-picker="/pick/documents.json"' in filings
            and 'data-picker="/archive/originals/pick.json"' in filings
        )
        assert "#id_document" in filings

    def test_a_letter_registered_with_a_picked_scan(self, web, clerk, document):
        from archive.models import Letter

        answer = web(clerk).post(
            reverse("archive:letters"),
            {
                "direction": "in",
                "date": "2026-12-01",
                "counterparty": "工商银行",
                "subject": "放款通知",
                "document": document.pk,
            },
        )
        assert answer.status_code == 302 and Letter.objects.get().document_id == document.pk
        timeline = (
            web(clerk).get(reverse("workbench:dossier-timeline", args=[document.dossier_id])).content.decode()
        )
        assert "登记联络函" in timeline

    def test_seal_forms_and_register(self, web, clerk, manager, document):
        client = web(manager)
        assert (
            'data-picker="/pick/people.json?staff=1"' in client.get(reverse("seals:create")).content.decode()
        )
        form = client.get(
            reverse("seals:request-create"), {"version": document.current_version_id}
        ).content.decode()
        assert 'data-picker="/seals/pick.json?active=1"' in form and 'data-seal-input="#id_seal"' in form
        register = client.get(reverse("seals:register")).content.decode()
        assert (
            'data-picker="/seals/pick.json"' in register and 'data-picker="/pick/dossiers.json"' in register
        )

    def test_the_upload_and_original_checkout(self, web, clerk, document):
        from archive import services as archive

        original = archive.register_original(clerk, document, kind="bank")
        client = web(clerk)
        assert (
            'data-picker="/pick/dossiers.json"'
            in client.get(reverse("docstore:document-create")).content.decode()
        )
        html = client.get(reverse("archive:original", args=[original.pk])).content.decode()
        assert 'data-picker="/pick/people.json"' in html
