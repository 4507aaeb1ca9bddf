"""Issue 11, items 1 and 2: a seal request started from the home page or the request list (dossier and document
chosen with pickers); the manager's queue and approval page draw each placement on the pages and say it in
words; every decision waiting for him is counted, seal loans included; every party sees the next step."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from seals import services

pytestmark = pytest.mark.django_db


def overlay_of(html: str, item_pk: int) -> dict:
    block = html.split(f'data-testid="overlay-{item_pk}"', 1)[1]
    attrs = dict(re.findall(r'data-(placements|show-pages|cross)="([^"]*)"', block.split("</ul>", 1)[0]))
    return {k: json.loads(v.replace("&quot;", '"')) if k != "cross" else v for k, v in attrs.items()}


class TestStartingARequest:
    def test_from_the_home_page_and_the_list(self, web, field, document):
        client = web(field)
        start = reverse("seals:request-create")
        assert start in client.get("/").content.decode()
        assert start in client.get(reverse("seals:request-list")).content.decode()
        page = client.get(start)
        html = page.content.decode()
        assert page.status_code == 200
        assert 'data-picker="/pick/dossiers.json"' in html and 'data-picker="/pick/documents.json"' in html
        assert "#id_dossier" in html  # the document picker narrows to the chosen dossier
        answer = client.get(start, {"dossier": document.dossier_id, "document": document.pk})
        assert (
            answer.status_code == 302
            and answer["Location"] == f"{start}?version={document.current_version_id}"
        )
        form = client.get(answer["Location"])
        assert form.status_code == 200 and document.title in form.content.decode()

    def test_a_document_of_another_dossier_is_refused(self, web, clerk, field, document):
        from docstore.services import dossiers

        other = dossiers.create_dossier(clerk, project="锦绣花园", building="8", unit="2101")
        page = web(field).get(reverse("seals:request-create"), {"dossier": other.pk, "document": document.pk})
        assert page.status_code == 200 and "该文档不属于所选案卷" in page.content.decode()

    def test_a_dossier_alone_preselects_it(self, web, field, dossier):
        html = web(field).get(reverse("seals:request-create"), {"dossier": dossier.pk}).content.decode()
        assert 'data-picker-label="锦绣花园 3-1502"' in html and "errorlist" not in html

    def test_bad_input_and_roles(self, web, field, outsider):
        assert web(field).get(reverse("seals:request-create"), {"document": "abc"}).status_code == 200
        assert web(outsider).get(reverse("seals:request-create")).status_code == 403


class TestTheManagerSeesWhereTheSealGoes:
    def test_the_queue_draws_each_placement(
        self, web, manager, make_request, seal, django_assert_max_num_queries
    ):
        req = make_request("submitted", placements=[{"page": 1, "x": 150, "y": 60}], cross_page=True)
        item = req.items.get()
        client = web(manager)
        with django_assert_max_num_queries(16):
            html = client.get(reverse("seals:request-list")).content.decode()
        drawn = overlay_of(html, item.pk)
        assert drawn["placements"] == [{"page": 1, "x": 150.0, "y": 60.0}]
        assert drawn["cross"] == "1" and drawn["show-pages"] == [
            1,
            2,
        ]  # the marked page and the last (cross-page)
        assert "data-readonly" in html and "js/seals/placement.js" in html
        assert f'data-seal-image="/seals/{seal.pk}/image/"' in html
        assert "第 1 页，x 150.0 毫米，y 60.0 毫米：合同专用章 1 次" in html
        assert "骑缝章：合同专用章，分在全部 2 页的右边缘，1 次" in html and "共 2 次" in html

    def test_a_preset_is_shown_where_stamping_puts_it(self, web, manager, make_request):
        req = make_request("submitted", placements=[{"preset": "last_page_signature"}], cross_page=False)
        html = web(manager).get(req.get_absolute_url()).content.decode()
        drawn = overlay_of(html, req.items.get().pk)
        assert [p["page"] for p in drawn["placements"]] == [2] and drawn["cross"] == ""
        assert "第 2 页，x 155.0 毫米" in html

    def test_after_approval_the_page_shows_what_was_approved(self, web, field, manager, make_request):
        req = make_request("approved", placements=[{"page": 2, "x": 100, "y": 40}])
        html = web(field).get(req.get_absolute_url()).content.decode()
        assert overlay_of(html, req.items.get().pk)["placements"] == [{"page": 2, "x": 100.0, "y": 40.0}]

    def test_a_physical_item_is_said_in_words(self, web, manager, make_request):
        req = make_request("submitted", mode="physical", placements=[], cross_page=False)
        html = web(manager).get(req.get_absolute_url()).content.decode()
        assert "data-readonly" not in html and "实物用印 · 合同专用章 · 共 2 次" in html


class TestEveryDecisionIsCounted:
    def test_seal_loans_count_in_the_badge_and_on_the_home_page(
        self, web, field, manager, make_request, seal
    ):
        make_request("submitted")
        services.request_seal_loan(
            field, seal, purpose="送银行面签", due_at=timezone.now() + datetime.timedelta(days=1)
        )
        client = web(manager)
        home = client.get("/").content.decode()
        assert '<span class="count" aria-label="待办">2</span>' in home
        assert 'data-count="2"' in home and "印章外借申请" in home and "送银行面签" in home
        queue = client.get(reverse("seals:request-list")).content.decode()
        assert "另有 1 项印章外借申请待审批" in queue

    def test_a_disposal_list_to_approve_counts_too(self, web, clerk, manager, document):
        from archive import services as archive

        record = archive.file_document(clerk, document, year=2026)
        archive.set_retention_trigger(
            clerk, [record], trigger_date=datetime.date(1990, 1, 1), event="合同履行完毕"
        )
        batch = archive.propose_disposal(clerk, [record])
        home = web(manager).get("/").content.decode()
        assert 'aria-label="待审批的销毁清册">1</span>' in home and 'data-count="1"' in home
        assert reverse("archive:disposal", args=[batch.pk]) in home

    def test_his_own_loan_is_not_his_decision(self, web, manager, seal):
        services.request_seal_loan(
            manager, seal, purpose="自用", due_at=timezone.now() + datetime.timedelta(days=1)
        )
        assert 'aria-label="待办"' not in web(manager).get("/").content.decode()


class TestNextStep:
    def test_each_party_sees_the_next_step_and_who(self, web, field, clerk, manager, make_request):
        submitted = make_request("submitted")
        assert (
            "下一步：等待审批，审批人：张伟。"
            in web(field).get(submitted.get_absolute_url()).content.decode()
        )
        req = services.approve_request(manager, submitted, comment="同意")
        for person in (field, clerk, manager):
            html = web(person).get(req.get_absolute_url()).content.decode()
            assert "由申请人 李军 或保管人 王芳 在本页操作" in html, person
            assert "用印完成后，由申请人 李军 或经理关闭申请。" in html

    def test_physical_and_finished(self, web, field, manager, make_request):
        req = make_request("approved", mode="physical", placements=[], cross_page=False)
        html = web(field).get(req.get_absolute_url()).content.decode()
        assert "申请人 李军 持《商品房买卖合同 3-1502》到保管人 王芳 处加盖合同专用章" in html
        rejected = make_request("rejected")
        assert "此申请已结束。" in web(field).get(rejected.get_absolute_url()).content.decode()
