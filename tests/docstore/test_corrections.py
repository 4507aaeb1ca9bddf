"""Corrections (issue 11, item 3): a dossier's project, building, unit and customers with the unit check and
the label preview; a document's title, type and dossier until filed; deleting an empty mistyped dossier.
Every correction is audited and on the dossier's timeline."""

import io

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from core.errors import Conflict, Forbidden, InvalidInput
from docstore.models import Document, Dossier
from docstore.services import corrections, dossiers

pytestmark = pytest.mark.django_db


class TestUnitNormalisation:
    def test_a_unit_typed_with_its_building_is_saved_without_it(self, clerk):
        d = dossiers.create_dossier(clerk, project="锦绣花园", building="8", unit="8-2101")
        assert d.unit == "2101" and d.unit_label == "8-2101"

    @pytest.mark.parametrize("typed", ["8－2101", "8栋2101", "8#2101", " 8 - 2101 "])
    def test_other_ways_of_typing_it(self, clerk, typed):
        assert dossiers.create_dossier(clerk, project="P", building="8", unit=typed).unit_label == "8-2101"

    def test_another_building_in_front_is_refused(self, clerk):
        with pytest.raises(InvalidInput) as exc:
            dossiers.create_dossier(clerk, project="锦绣花园", building="8", unit="5-2101")
        assert exc.value.code == "unit_repeats_building" and "楼栋 8" in str(exc.value.detail)
        assert not Dossier.objects.exists()

    def test_a_unit_of_its_own_letters_stays(self, clerk):
        assert dossiers.create_dossier(clerk, project="P", building="8", unit="A-1201").unit == "A-1201"

    def test_the_create_page_says_why(self, web, clerk):
        page = web(clerk).post(
            reverse("docstore:dossier-create"), {"project": "P", "building": "8", "unit": "5-2101"}
        )
        html = page.content.decode()
        assert "与楼栋 8 不一致" in html and "data-label-preview" in html and "js/dossier_form.js" in html


class TestDossierCorrection:
    def test_edit_project_building_unit_and_customers(self, web, clerk, dossier):
        client = web(clerk)
        page = client.get(reverse("docstore:dossier-edit", args=[dossier.pk]))
        html = page.content.decode()
        assert page.status_code == 200 and "陈明 110101198003071234" in html and "只填楼栋后的部分" in html
        assert "标签预览" in html and "锦绣花园 3-1502" in html
        answer = client.post(
            reverse("docstore:dossier-edit", args=[dossier.pk]),
            {
                "project": "锦绣花园二期",
                "building": "8",
                "unit": "8-2101",
                "customers": "陈明\n李丽 310101199001011234",
                "reason": "录入错误",
            },  # fmt: skip
            follow=True,
        )
        dossier.refresh_from_db()
        assert (dossier.project, dossier.unit_label) == ("锦绣花园二期", "8-2101")
        assert [c.name for c in dossier.customers.all()] == ["陈明", "李丽"]
        html = answer.content.decode()
        assert "已去掉重复的楼栋号，保存为 2101" in html and "案卷已更正" in html
        event = AuditEvent.objects.get(action="dossier.corrected")
        assert event.details["changes"]["unit"] == ["1502", "2101"] and event.details["reason"] == "录入错误"
        timeline = client.get(reverse("workbench:dossier-timeline", args=[dossier.pk])).content.decode()
        assert "更正案卷" in timeline and "房号 1502 → 2101" in timeline

    def test_its_documents_sort_under_the_new_unit(self, clerk, dossier, document):
        dossiers.correct_dossier(clerk, dossier, project="锦绣花园", building="8", unit="2101")
        document.refresh_from_db()
        assert document.unit_key == Document.unit_key_of(Dossier.objects.get(pk=dossier.pk))

    def test_the_dossier_page_offers_it_to_clerk_not_field(self, web, clerk, field, dossier):
        url = reverse("docstore:dossier-edit", args=[dossier.pk])
        assert url in web(clerk).get(dossier.get_absolute_url()).content.decode()
        assert url not in web(field).get(dossier.get_absolute_url()).content.decode()
        assert web(field).get(url).status_code == 403

    def test_a_duplicate_unit_is_a_conflict(self, clerk, dossier):
        other = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="1503")
        with pytest.raises(Conflict):
            dossiers.correct_dossier(clerk, other, project="锦绣花园", building="3", unit="1502")

    def test_nothing_changed_records_nothing(self, clerk, dossier):
        dossiers.correct_dossier(clerk, dossier, project="锦绣花园", building="3", unit="1502")
        assert not AuditEvent.objects.filter(action="dossier.corrected").exists()

    def test_bad_input(self, web, clerk, dossier):
        answer = web(clerk).post(
            reverse("docstore:dossier-edit", args=[dossier.pk]), {"project": "", "building": "3", "unit": "1"}
        )
        assert answer.status_code == 400


class TestDossierDeletion:
    def test_an_empty_dossier_is_deleted_and_audited(self, web, clerk):
        mistyped = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="15022")
        client = web(clerk)
        assert (
            "删除此空案卷"
            in client.get(reverse("docstore:dossier-edit", args=[mistyped.pk])).content.decode()
        )
        answer = client.post(reverse("docstore:dossier-delete", args=[mistyped.pk]), follow=True)
        assert "已删除" in answer.content.decode() and not Dossier.objects.filter(pk=mistyped.pk).exists()
        event = AuditEvent.objects.get(action="dossier.deleted")
        assert event.details["unit"] == "3-15022"

    def test_a_dossier_with_documents_is_409(self, web, clerk, dossier, document):
        client = web(clerk)
        assert "不能删除" in client.get(reverse("docstore:dossier-edit", args=[dossier.pk])).content.decode()
        assert client.post(reverse("docstore:dossier-delete", args=[dossier.pk])).status_code == 409
        assert Dossier.objects.filter(pk=dossier.pk).exists()

    def test_field_staff_may_not(self, web, clerk, field):
        mistyped = dossiers.create_dossier(clerk, project="P", building="3", unit="1")
        assert web(field).post(reverse("docstore:dossier-delete", args=[mistyped.pk])).status_code == 403
        with pytest.raises(Forbidden):
            dossiers.delete_dossier(field, mistyped)

    def test_get_is_not_allowed(self, web, clerk, dossier):
        assert web(clerk).get(reverse("docstore:dossier-delete", args=[dossier.pk])).status_code == 405


class TestDocumentCorrection:
    def test_title_type_and_dossier_until_filed(self, web, clerk, dossier, document, doc_type):
        other = dossiers.create_dossier(clerk, project="锦绣花园", building="8", unit="2101")
        client = web(clerk)
        page = client.get(document.get_absolute_url()).content.decode()
        assert reverse("docstore:document-edit", args=[document.pk]) in page
        answer = client.post(
            reverse("docstore:document-edit", args=[document.pk]),
            {
                "title": "借款合同 8-2101",
                "doc_type": "loan_contract",
                "dossier": other.pk,
                "reason": "传错案卷",
            },
            follow=True,
        )
        document.refresh_from_db()
        assert (document.title, document.doc_type.code, document.dossier_id) == (
            "借款合同 8-2101",
            "loan_contract",
            other.pk,
        )
        assert document.unit_key == Document.unit_key_of(other)  # the list sorts it under its new unit
        assert "文档已更正" in answer.content.decode()
        event = AuditEvent.objects.get(action="document.corrected")
        assert event.details["changes"]["dossier"] == [str(dossier), str(other)]
        timeline = client.get(reverse("workbench:dossier-timeline", args=[other.pk])).content.decode()
        assert "更正文档" in timeline and "传错案卷" in timeline

    def test_attachments_follow_their_document(self, clerk, dossier, document, doc_type, pdf_bytes):
        from docstore.services import documents

        child = documents.create_document(clerk, file=io.BytesIO(pdf_bytes + b"%x"), filename="a.pdf", title="附件",
                                          doc_type=doc_type("attachment"), parent=document)  # fmt: skip
        other = dossiers.create_dossier(clerk, project="P", building="8", unit="2101")
        corrections.correct_document(
            clerk, document, title=document.title, doc_type=document.doc_type, dossier=other
        )
        child.refresh_from_db()
        assert child.dossier_id == other.pk
        with pytest.raises(InvalidInput):
            corrections.correct_document(clerk, child, title="附件", doc_type=child.doc_type, dossier=dossier)

    def test_filed_goes_to_the_archive_correction(self, web, clerk, manager, document):
        from archive import services as archive

        record = archive.file_document(clerk, document)
        client = web(clerk)
        answer = client.get(reverse("docstore:document-edit", args=[document.pk]))
        assert answer.status_code == 302 and answer["Location"] == reverse("archive:record", args=[record.pk])
        with pytest.raises(Conflict):
            corrections.correct_document(clerk, document, title="x", doc_type=document.doc_type, dossier=None)
        assert (
            client.post(reverse("docstore:document-edit", args=[document.pk]), {"title": "x"}).status_code
            == 302
        )

    def test_a_template_stays_the_managers(self, clerk, document, doc_type):
        with pytest.raises(Forbidden):
            corrections.correct_document(
                clerk, document, title="t", doc_type=doc_type("contract_template"), dossier=None
            )

    def test_checked_out_by_another(self, clerk, field, document):
        from docstore.services import edit_locks

        edit_locks.lock_for_edit(field, document)
        with pytest.raises(Conflict) as exc:
            corrections.correct_document(
                clerk, document, title="新标题", doc_type=document.doc_type, dossier=document.dossier
            )
        assert exc.value.code == "checked_out"

    def test_empty_title_is_bad_input(self, web, clerk, document):
        answer = web(clerk).post(
            reverse("docstore:document-edit", args=[document.pk]),
            {"title": " ", "doc_type": "sales_contract"},
        )
        assert (
            answer.status_code == 400
            and Document.objects.get(pk=document.pk).title == "商品房买卖合同 3-1502"
        )
