import datetime

import pytest
from django.utils import timezone

from archive import services
from archive.models import ArchiveRecord, Movement, Original

pytestmark = pytest.mark.django_db


def test_index_lists_filters_and_counts_queries(web, clerk, new_document, box, django_assert_max_num_queries):
    for i in range(3):
        services.file_document(clerk, new_document(title=f"合同 {i}"), year=2026, box=box)
    client = web(clerk)
    response = client.get("/archive/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Q001-HT·2026-D30-KFB-0003" in html and "档案目录" in html
    filtered = client.get("/archive/?q=合同 1&year=2026").content.decode()
    assert "合同 1" in filtered and "KFB-0003" not in filtered
    for _i in range(10):
        services.file_document(clerk, new_document(), year=2026, box=box)
    with django_assert_max_num_queries(20):
        assert client.get("/archive/").status_code == 200


@pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
def test_every_role_reads_the_pages(web, users, who, record, original, box):
    client = web(users[who])
    for url in [
        "/archive/",
        f"/archive/records/{record.pk}/",
        f"/archive/records/{record.pk}/check/",
        "/archive/check/",
        "/archive/locations/",
        f"/archive/locations/{box.pk}/",
        f"/archive/originals/{original.pk}/",
        "/archive/originals/overdue/",
        "/archive/letters/",
        "/archive/filings/",
        "/archive/disposals/",
        f"/archive/documents/{record.document_id}/",
        f"/archive/dossiers/{record.dossier_id}/",
    ]:
        assert client.get(url).status_code == 200, url


def test_outsider_is_refused(web, outsider):
    assert web(outsider).get("/archive/").status_code == 403


def test_file_from_the_document_page(web, clerk, document):
    client = web(clerk)
    page = client.get(f"/archive/documents/{document.pk}/").content.decode()
    assert "归档并赋档号" in page
    response = client.post(
        f"/archive/documents/{document.pk}/",
        {
            "category": _pk("Category", "HT"),
            "retention": _pk("RetentionPeriod", "D30"),
            "department": _pk("Department", "KFB"),
            "year": 2026,
        },
        follow=True,
    )
    assert "已归档，档号 Q001-HT·2026-D30-KFB-0001" in response.content.decode()


def _pk(model, code):
    from archive import models

    return getattr(models, model).objects.get(code=code).pk


def test_wrong_box_message_on_page(web, clerk, record, box, new_document):
    other = services.file_document(clerk, new_document(), year=2025)
    response = web(clerk).post(f"/archive/records/{other.pk}/place/", {"box": box.pk}, follow=True)
    assert "一盒只装同一年度" in response.content.decode()


def test_correction_is_shown_as_such(web, manager, record):
    client = web(manager)
    response = client.post(
        f"/archive/records/{record.pk}/correct/",
        {"title": "商品房买卖合同（更正）", "responsible": "", "note": "", "reason": "题名有误"},
        follow=True,
    )
    html = response.content.decode()
    assert "已更正" in html and "题名有误" in html and "<del>商品房买卖合同 3-1502</del>" in html


def test_quick_checkout_and_return_from_dossier_page(web, clerk, field, original, dossier):
    client = web(clerk)
    page = f"/archive/dossiers/{dossier.pk}/"
    response = client.post(
        f"/archive/originals/{original.pk}/checkout/",
        {"party_type": "colleague", "holder": field.pk, "purpose": "核对", "next": page},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    assert "已借出" in response.content.decode()
    original.refresh_from_db()
    assert original.status == "out"
    response = client.post(
        f"/archive/originals/{original.pk}/return/", {"pages_complete": "on", "next": page}, follow=True
    )
    assert "已归还，请放回：2026-D30-001" in response.content.decode()


def test_original_page_shows_history_and_overdue(web, clerk, field, original):
    movement = services.check_out_original(
        clerk, original, party_type="bank", holder_name="建设银行", purpose="放款审核"
    )
    Movement.objects.filter(pk=movement.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    html = web(clerk).get(f"/archive/originals/{original.pk}/").content.decode()
    assert "建设银行" in html and "放款审核" in html and "逾期" in html
    overdue = web(clerk).get("/archive/originals/overdue/").content.decode()
    assert "建设银行" in overdue
    index = web(clerk).get("/archive/").content.decode()
    assert "1 件原件逾期未还" in index


def test_checkout_refusal_is_explained(web, clerk, field, original):
    services.check_out_original(clerk, original, party_type="bank", holder_name="建设银行", purpose="x")
    response = web(clerk).post(
        f"/archive/originals/{original.pk}/checkout/",
        {"party_type": "bank", "holder_name": "工行", "purpose": "y"},
        follow=True,
    )
    assert "该原件已借出" in response.content.decode()


def test_field_staff_cannot_checkout_from_page(web, field, original):
    response = web(field).post(
        f"/archive/originals/{original.pk}/checkout/",
        {"party_type": "bank", "holder_name": "工行", "purpose": "y"},
        follow=True,
    )
    assert "此操作仅限" in response.content.decode()
    assert Original.objects.get(pk=original.pk).status == "in"


def test_letters_page_registers(web, clerk):
    response = web(clerk).post(
        "/archive/letters/",
        {
            "direction": "out",
            "date": timezone.localdate().isoformat(),
            "counterparty": "中国建设银行",
            "subject": "放款",
        },
        follow=True,
    )
    assert f"KFB-LH-F-{timezone.localdate().year}-0001" in response.content.decode()


def test_filings_page_flow(web, clerk, document):
    client = web(clerk)
    client.post("/archive/filings/", {"kind": "online_filing", "document": document.pk})
    from archive.models import Filing

    filing = Filing.objects.get()
    client.post(f"/archive/filings/{filing.pk}/accept/", {"filing_number": "BA-1"})
    html = client.get("/archive/filings/").content.decode()
    assert "BA-1" in html and "已受理" in html


def test_disposal_pages(web, clerk, manager, new_document):
    record = services.file_document(clerk, new_document("company_notice"), year=2026)
    services.set_retention_trigger(
        clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="合同履行完毕"
    )
    client = web(clerk)
    assert record.archival_code in client.get("/archive/disposals/").content.decode()
    response = client.post(
        "/archive/disposals/propose/", {"records": [record.pk], "reason": "到期"}, follow=True
    )
    assert "待经理审批" in response.content.decode()
    batch_url = response.redirect_chain[-1][0]
    approve = web(manager).post(batch_url, {"verb": "approve", "note": "同意"}, follow=True)
    assert "已批准销毁" in approve.content.decode()
    assert ArchiveRecord.objects.get(pk=record.pk).status == "disposed"
    assert client.get(batch_url.rstrip("/") + "/certificate.pdf").content.startswith(b"%PDF")


def test_location_tree_and_pdfs(web, clerk, box, record):
    services.place_in_box(clerk, record, box)
    client = web(clerk)
    html = client.get("/archive/locations/").content.decode()
    assert "一号库房" in html and "A柜" in html and "第1层" in html and "2026-D30-001" in html
    assert client.get(f"/archive/locations/{box.pk}/spine.pdf")["Content-Type"] == "application/pdf"
    assert client.get(f"/archive/locations/{box.pk}/contents.pdf").content.startswith(b"%PDF")
    assert client.get(f"/archive/locations/{box.parent_id}/spine.pdf").status_code == 400
    response = client.post("/archive/locations/", {"kind": "room", "name": "二号库房"}, follow=True)
    assert "已添加位置" in response.content.decode()


def test_label_from_page(web, clerk, original):
    response = web(clerk).get(f"/archive/originals/{original.pk}/label.pdf")
    assert response.content.startswith(b"%PDF")


def test_bag_from_index(web, clerk, record):
    response = web(clerk).post("/archive/bag/", {"records": [record.pk]})
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"


def _forms(html: str, original) -> set:
    verbs = {"check_out": "checkout", "return": "return", "renew": "renew", "hand_over": "handover"}
    return {a for a, verb in verbs.items() if f'action="/archive/originals/{original.pk}/{verb}/"' in html}


def test_original_pages_offer_the_allowed_moves(web, clerk, field, original, pdf_bytes):
    """The original's table decides the forms, on its page and in the originals table of its document."""
    import io

    page, listing = f"/archive/originals/{original.pk}/", f"/archive/documents/{original.document_id}/"
    assert _forms(web(clerk).get(page).content.decode(), original) == {"check_out", "hand_over"}
    assert _forms(web(clerk).get(listing).content.decode(), original) == {"check_out"}
    assert _forms(web(field).get(page).content.decode(), original) == set()  # not a keeper
    services.check_out_original(clerk, original, party_type="bank", holder_name="建设银行", purpose="x")
    assert _forms(web(clerk).get(page).content.decode(), original) == {"return", "renew", "hand_over"}
    assert _forms(web(clerk).get(listing).content.decode(), original) == {"return", "renew"}
    services.hand_over_original(clerk, original, receiver_name="陈明", receipt_file=io.BytesIO(pdf_bytes))
    assert _forms(web(clerk).get(page).content.decode(), original) == set()


def test_filing_and_letter_pages_offer_the_allowed_actions(web, clerk, document):
    filing = services.submit_filing(clerk, document, kind="online_filing")

    def offered():
        html = web(clerk).get("/archive/filings/").content.decode()
        return {v for v in ("accept", "reject", "return") if f"/archive/filings/{filing.pk}/{v}/" in html}

    assert offered() == {"accept", "reject"}
    services.accept_filing(clerk, filing)
    assert offered() == {"return"}
    services.return_filing(clerk, filing)
    assert offered() == set()
    letter = services.register_letter(
        clerk, direction="in", date=timezone.localdate(), counterparty="建设银行", subject="来函"
    )
    close = ">办结</button>"
    assert close in web(clerk).get(letter.get_absolute_url()).content.decode()
    services.close_letter(clerk, letter)
    assert close not in web(clerk).get(letter.get_absolute_url()).content.decode()


def test_disposal_decision_offered_to_a_manager_who_did_not_propose(web, clerk, manager, new_document):
    from accounts.roles import MANAGER
    from tests.conftest import make_user

    record = services.file_document(clerk, new_document("company_notice"), year=2026)
    services.set_retention_trigger(
        clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="合同履行完毕"
    )
    batch = services.propose_disposal(manager, [record])
    other = make_user("manager2", MANAGER)

    def offered(user):
        html = web(user).get(batch.get_absolute_url()).content.decode()
        return {v for v in ("approve", "reject") if f'name="verb" value="{v}"' in html}

    assert offered(other) == {"approve", "reject"}
    assert offered(manager) == {"reject"}  # nobody approves what they proposed
    assert offered(clerk) == set()
