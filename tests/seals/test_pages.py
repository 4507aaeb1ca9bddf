"""The pages: queue with previews, my requests, asking from a document, seal page, register, verify."""

import io

import pytest
from django.urls import reverse

from seals import services
from seals.models import SealRequest


@pytest.mark.django_db
class TestRequestPages:
    def test_ask_from_a_document_in_two_clicks(self, web, field, seal, version):
        client = web(field)
        page = client.get(reverse("seals:request-create") + f"?version={version.pk}")
        assert page.status_code == 200 and version.document.title in page.content.decode()
        answer = client.post(
            reverse("seals:request-create"),
            {
                "version": version.pk,
                "purpose": "办理按揭",
                "recipient": "bank",
                "seal": seal.pk,
                "impressions": 2,
                "mode": "electronic",
                "cross_page": "on",
                "placement": "last_page_signature",
            },
            follow=True,
        )
        req = SealRequest.objects.get()
        assert req.status == "submitted" and req.items.get().placements == [{"preset": "last_page_signature"}]
        assert "用章申请已提交" in answer.content.decode()

    def test_bad_input_shows_the_reason(self, web, field, seal, version):
        answer = web(field).post(
            reverse("seals:request-create"),
            {
                "version": version.pk,
                "purpose": "x",
                "recipient": "bank",
                "seal": seal.pk,
                "impressions": 1,
                "mode": "electronic",
                "cross_page": "on",
                "placement": "last_page_signature",
            },
        )
        assert answer.status_code == 200 and "超过申请的用印次数" in answer.content.decode()
        assert not SealRequest.objects.exists()

    def test_manager_queue_with_previews_and_nav_count(
        self, web, manager, make_request, django_assert_max_num_queries
    ):
        for _ in range(3):
            make_request("submitted")
        client = web(manager)
        with django_assert_max_num_queries(14):
            page = client.get(reverse("seals:request-list"))
        html = page.content.decode()
        # each electronic item is drawn on its pages with its seal marks (read-only), not as bare thumbnails
        assert "待我审批" in html and html.count("data-readonly") == 3
        assert '<span class="count" aria-label="待办">3</span>' in html
        item = SealRequest.objects.first().items.get()
        png = client.get(reverse("seals:item-page", args=[item.pk, 1]))
        assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
        assert client.get(reverse("seals:item-page", args=[item.pk, 9])).status_code == 404

    def test_approve_from_the_queue(self, web, manager, make_request):
        req = make_request("submitted")
        client = web(manager)
        answer = client.post(
            reverse("seals:request-action", args=[req.pk, "approve"]),
            {"text": "同意", "next": "queue"},
            follow=True,
        )
        req.refresh_from_db()
        assert req.status == "approved" and "已批准" in answer.content.decode()

    def test_forbidden_action_shows_a_message(self, web, field, make_request):
        req = make_request("submitted")
        answer = web(field).post(reverse("seals:request-action", args=[req.pk, "approve"]), follow=True)
        assert "客服部经理" in answer.content.decode()
        req.refresh_from_db()
        assert req.status == "submitted"

    def test_my_requests_by_state(self, web, field, make_request):
        make_request("draft")
        make_request("submitted")
        page = web(field).get(reverse("seals:request-list") + "?tab=mine&status=draft").content.decode()
        assert "我的申请" in page and page.count("<tr><td><a href=") == 1

    def test_detail_stamp_and_form_pdf(self, web, field, make_request):
        req = make_request("approved")
        client = web(field)
        page = client.get(req.get_absolute_url()).content.decode()
        assert "电子用印并签名" in page
        done = client.post(
            reverse("seals:item-stamp", args=[req.items.get().pk]), follow=True
        ).content.decode()
        assert "已电子用印并签名" in done and "用印记录" in done
        pdf = client.get(reverse("seals:request-form", args=[req.pk]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    def test_outsider_gets_403(self, web, outsider, make_request):
        req = make_request("draft")
        assert web(outsider).get(reverse("seals:request-list")).status_code == 403
        assert web(outsider).get(req.get_absolute_url()).status_code == 403


@pytest.mark.django_db
class TestSealPages:
    def test_list_and_detail(self, web, clerk, manager, seal, django_assert_max_num_queries):
        client = web(clerk)
        with django_assert_max_num_queries(8):
            listing = client.get(reverse("seals:list")).content.decode()
        assert seal.name in listing and "启用" in listing
        detail = client.get(seal.get_absolute_url()).content.decode()
        assert "生命周期" in detail and "保管与外借" in detail and "用印登记" in detail
        assert "变更状态" not in detail
        assert "变更状态" in web(manager).get(seal.get_absolute_url()).content.decode()
        image = client.get(reverse("seals:image", args=[seal.pk]))
        assert image.content[:4] == b"\x89PNG"

    def test_manager_creates_and_suspends(self, web, manager, clerk):
        from tests.seals.conftest import seal_png

        client = web(manager)
        answer = client.post(
            reverse("seals:create"),
            {
                "name": "法人章",
                "kind": "legal_rep",
                "company": "锦绣置业",
                "custodian": manager.pk,
                "size_mm": "20",
                "image": io.BytesIO(seal_png()),
            },
            follow=True,
        )
        assert "印章已登记" in answer.content.decode()

    def test_create_page_forbidden_for_clerk(self, web, clerk):
        assert web(clerk).get(reverse("seals:create")).status_code == 403

    def test_register_page_and_export(self, web, clerk, make_request):
        req = make_request("approved", mode="physical", cross_page=False, placements=[])
        services.record_impressions(clerk, req.items.get(), count=1)
        client = web(clerk)
        page = client.get(reverse("seals:register")).content.decode()
        assert "用印登记台账" in page and "月度汇总" in page
        csv_answer = client.get(reverse("seals:register") + "?format=csv")
        assert b"".join(csv_answer.streaming_content).decode("utf-8-sig").count("\n") == 2

    def test_loans_page(self, web, field, manager, seal):
        from datetime import timedelta

        from django.utils import timezone

        loan = services.request_seal_loan(
            field, seal, purpose="去银行", due_at=timezone.now() + timedelta(hours=3)
        )
        page = web(manager).get(reverse("seals:loan-list")).content.decode()
        assert "去银行" in page and "批准" in page
        web(manager).post(reverse("seals:loan-action", args=[loan.pk, "approve"]))
        loan.refresh_from_db()
        assert loan.status == "out"

    def test_verify_page(self, web, outsider, pdf_bytes):
        page = web(outsider).post(reverse("seals:verify"), {"file": io.BytesIO(pdf_bytes)})
        assert page.status_code == 200 and "不是本系统签发" in page.content.decode()


@pytest.mark.django_db
def test_document_page_links_to_asking_for_a_seal(web, field, document):
    html = web(field).get(document.get_absolute_url()).content.decode()
    assert f"{reverse('seals:request-create')}?version={document.current_version.pk}" in html


@pytest.mark.django_db
def test_requester_edits_a_returned_item_and_an_approved_one_voids(web, field, manager, make_request):
    req = make_request("returned")
    item = req.items.get()
    client = web(field)
    assert "修改此项" in client.get(req.get_absolute_url()).content.decode()
    prefix = f"item{item.pk}"
    client.post(
        reverse("seals:item-edit", args=[item.pk]),
        {
            f"{prefix}-impressions": 3,
            f"{prefix}-cross_page": "on",
            f"{prefix}-placement": "last_page_signature",
        },
    )
    item.refresh_from_db()
    assert item.impressions == 3 and item.placements == [{"preset": "last_page_signature"}]
    req = services.approve_request(manager, services.submit_request(field, req))
    answer = client.post(
        reverse("seals:item-edit", args=[item.pk]),
        {f"{prefix}-impressions": 2, f"{prefix}-placement": "none", f"{prefix}-cross_page": "on"},
        follow=True,
    )
    req.refresh_from_db()
    assert req.status == "draft" and "原批准已作废" in answer.content.decode()


@pytest.mark.django_db
def test_verify_page_names_the_request_of_a_stamped_file(web, clerk, field, make_request):
    from storage.registry import get_store

    req = make_request("approved")
    new = services.stamp_item(field, req.items.get())
    with get_store().open(new.sha256) as stream:
        data = stream.read()
    html = web(clerk).post(reverse("seals:verify"), {"file": io.BytesIO(data)}).content.decode()
    assert "有效：本系统签发，未被修改" in html and f'href="{req.get_absolute_url()}"' in html
    broken = data.replace(b"BT", b"BT ", 1)
    html = web(clerk).post(reverse("seals:verify"), {"file": io.BytesIO(broken)}).content.decode()
    assert "已被修改" in html


@pytest.mark.django_db
def test_asking_on_a_docx_defaults_to_physical(web, field, clerk, doc_type, docx_bytes):
    from docstore.services import documents

    doc = documents.create_document(
        clerk, file=io.BytesIO(docx_bytes), filename="a.docx", title="补充协议", doc_type=doc_type("other")
    )
    html = (
        web(field)
        .get(reverse("seals:request-create") + f"?version={doc.current_version.pk}")
        .content.decode()
    )
    assert '<option value="physical" selected>' in html


def _buttons(
    html: str, pk: int, actions=("submit", "withdraw", "close", "approve", "reject", "return")
) -> set:
    return {a for a in actions if f'formaction="{reverse("seals:request-action", args=[pk, a])}"' in html}


@pytest.mark.django_db
class TestPagesShowTheAllowedActions:
    """The buttons are what the request and loan tables allow this user, nothing the service would refuse."""

    def test_request_buttons_by_state_and_user(self, web, field, field2, manager, make_request):
        draft = make_request("draft")
        assert _buttons(web(field).get(draft.get_absolute_url()).content.decode(), draft.pk) == {
            "submit",
            "withdraw",
        }
        assert _buttons(web(manager).get(draft.get_absolute_url()).content.decode(), draft.pk) == set()
        submitted = make_request("submitted")
        html = web(manager).get(submitted.get_absolute_url()).content.decode()
        assert _buttons(html, submitted.pk) == {"approve", "reject", "return"}
        assert _buttons(web(field).get(submitted.get_absolute_url()).content.decode(), submitted.pk) == {
            "withdraw"
        }
        assert _buttons(web(field2).get(submitted.get_absolute_url()).content.decode(), submitted.pk) == set()
        approved = make_request("approved")
        html = web(field).get(approved.get_absolute_url()).content.decode()
        assert _buttons(html, approved.pk) == {"close"} and "电子用印并签名" in html
        assert "电子用印并签名" not in web(field2).get(approved.get_absolute_url()).content.decode()

    def test_a_manager_is_offered_no_decision_on_their_own_request(
        self, web, manager, director, make_request
    ):
        own = make_request("submitted", requester=manager)
        html = web(manager).get(own.get_absolute_url()).content.decode()
        assert _buttons(html, own.pk) == {"withdraw"}

    def test_loan_return_offered_to_borrower_custodian_and_manager_only(
        self, web, field, field2, clerk, manager, seal
    ):
        from datetime import timedelta

        from django.utils import timezone

        loan = services.request_seal_loan(
            field, seal, purpose="去银行", due_at=timezone.now() + timedelta(hours=3)
        )
        services.approve_seal_loan(manager, loan)
        back = f'action="{reverse("seals:loan-action", args=[loan.pk, "return"])}"'
        for who, offered in ((field, True), (clerk, True), (manager, True), (field2, False)):
            assert (back in web(who).get(reverse("seals:loan-list")).content.decode()) is offered, who

    def test_seal_status_form_offers_the_allowed_changes(self, web, manager, seal):
        html = web(manager).get(seal.get_absolute_url()).content.decode()
        assert (
            'value="suspended"' in html and 'value="destroyed"' in html and 'value="registered"' not in html
        )
        services.change_seal_status(manager, seal, to_status="destroyed", reason="已销毁")
        assert (
            reverse("seals:status", args=[seal.pk])
            not in web(manager).get(seal.get_absolute_url()).content.decode()
        )
