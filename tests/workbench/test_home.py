"""Role home pages: each role's items, the union for several roles, links to where each is handled, and a
constant number of queries."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.roles import CLERK, FIELD_STAFF, MANAGER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def sections(response) -> list[str]:
    return [s.key for s in response.context["sections"]]


def test_home_is_the_site_root_named_home():
    assert reverse("workbench:home") == "/"
    assert resolve("/").func.__module__ == "workbench.views"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_clerk_sees_the_clerks_items(web, clerk):
    response = web(clerk).get("/")
    assert response.status_code == 200
    assert sections(response) == [
        "my_case_steps",
        "to_file",
        "originals_overdue",
        "filings_open",
        "letters_due",
        "today",
    ]
    html = response.content.decode()
    for text in ("待归档的文档", "借出逾期的原件", "备案未退回", "待回复的联络函", "今日登记"):
        assert text in html
    assert "待我审批的用章申请" not in html
    assert "没有待归档的文档。" in html  # empty state


def test_field_staff_see_their_requests_and_originals(web, field):
    html = web(field).get("/").content.decode()
    assert "我的用章申请" in html and "我持有的原件" in html
    assert "您还没有用章申请。" in html
    assert "待归档的文档" not in html


def test_manager_sees_queue_anomalies_and_month_use(web, manager):
    response = web(manager).get("/")
    assert sections(response) == [
        "approval_queue",
        "anomalies",
        "stamp_evidence",
        "cases_overdue",
        "month_seal_use",
    ]
    html = response.content.decode()
    assert "没有等待审批的用章申请。" in html and "没有异常。" in html and "本月还没有用印。" in html


def test_several_roles_see_the_union_once(web, db):
    both = make_user("both", CLERK, FIELD_STAFF, display_name="赵敏")
    keys = sections(web(both).get("/"))
    assert keys == [
        "my_case_steps",
        "my_requests",
        "my_originals",
        "to_file",
        "originals_overdue",
        "filings_open",
        "letters_due",
        "today",
    ]
    everyone = make_user("all3", CLERK, FIELD_STAFF, MANAGER, display_name="钱多")
    keys = sections(web(everyone).get("/"))
    assert len(keys) == len(set(keys))
    assert "approval_queue" in keys and "my_requests" in keys and "to_file" in keys
    assert "originals_overdue" not in keys  # listed once, under the manager's anomalies


def test_user_without_role_gets_a_clear_empty_state(web, outsider):
    html = web(outsider).get("/").content.decode()
    assert "您还没有分配角色" in html


def test_trail_items_link_to_where_they_are_handled(web, trail, clerk, field, manager, settings):
    from archive import services as archive

    settings.ARCHIVE_FILING_NOT_RETURNED_DAYS = 0
    # the letter's reply is due in 3 days: listed for the clerk, linked to the letter (or its scan)
    html = web(clerk).get("/").content.decode()
    assert trail.letter.number in html
    assert "WQ-2026-0001" in html  # filing submitted, not returned
    # an original out to the bank, overdue
    archive.check_out_original(clerk, trail.original, party_type="bank", holder_name="工商银行", purpose="按揭",
                      due_date=timezone.localdate() + datetime.timedelta(days=1))  # fmt: skip
    from archive.models import Movement

    Movement.objects.filter(closed_at__isnull=True).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    html = web(clerk).get("/").content.decode()
    section = html[html.index('id="sec-originals_overdue"') :]
    assert "商品房买卖合同 3-1502" in section[:2000]


def test_stamped_unfiled_document_is_waiting_to_be_filed(web, clerk, field, manager, document, active_seal):
    from seals import services as seals

    req = seals.create_request(field, purpose="备案", recipient="housing_authority", items=[
        {"version": document.current_version, "seal": active_seal, "impressions": 1, "mode": "electronic",
         "placements": [{"page": 1, "x": 150, "y": 50}]}])  # fmt: skip
    # field staff: the request in draft; manager: nothing to approve yet
    html = web(field).get("/").content.decode()
    assert "草稿 1" in html
    seals.submit_request(field, req)
    response = web(manager).get("/")
    queue = response.context["sections"][0]
    assert queue.key == "approval_queue" and queue.count == 1
    assert "办理" not in queue.title
    assert "备案" in response.content.decode()
    seals.approve_request(manager, req)
    seals.stamp_item(field, req.items.get())
    response = web(clerk).get("/")
    to_file = next(s for s in response.context["sections"] if s.key == "to_file")
    assert [d.pk for d in to_file.items] == [document.pk]
    assert reverse("archive:document", args=[document.pk]) in response.content.decode()  # where it is filed
    # this month's seal use for the manager
    use = next(s for s in web(manager).get("/").context["sections"] if s.key == "month_seal_use")
    assert use.key == "month_seal_use" and use.count == 1


def _many(clerk, field, manager, dossier, active_seal, n):
    """n stamped unfiled documents, n open requests, n overdue originals, n letters due."""
    import io

    from archive import services as archive
    from demo.content import make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents
    from seals import services as seals

    kind = DocumentType.objects.get(code="sales_contract")
    for i in range(n):
        doc = documents.create_document(clerk, file=io.BytesIO(make_pdf(f"合同 {i}", ["条款"], pages=1)),
                                       filename=f"c{i}.pdf", title=f"合同 {i}", doc_type=kind, dossier=dossier)  # fmt: skip
        req = seals.create_request(field, purpose=f"用印 {i}", recipient="bank", dossier=dossier, items=[
            {"version": doc.current_version, "seal": active_seal, "impressions": 1, "mode": "electronic",
             "placements": [{"page": 1, "x": 100, "y": 50}]}])  # fmt: skip
        seals.submit_request(field, req)
        original = archive.register_original(clerk, doc, kind="bank")
        archive.check_out_original(manager, original, party_type="colleague", holder=field, purpose="送银行",
                          override_reason="特批")  # fmt: skip
        archive.register_letter(clerk, direction="in", date=datetime.date.today(), counterparty="银行",
                                subject=f"来函 {i}", reply_due=datetime.date.today())  # fmt: skip
    from archive.models import Movement

    Movement.objects.filter(closed_at__isnull=True).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )


@pytest.mark.parametrize("who", ["clerk", "field", "manager", "all"])
def test_query_count_is_constant(
    web, clerk, field, manager, dossier, active_seal, django_assert_max_num_queries, who
):
    user = {"clerk": clerk, "field": field, "manager": manager}.get(who)
    if user is None:
        user = field
        user.groups.set(Group.objects.filter(name__in=[CLERK, FIELD_STAFF, MANAGER]))
    _many(clerk, field, manager, dossier, active_seal, 2)
    client = web(user)
    # the union of every role's sections (cases and evidence too) and the nav's counts; the same at any size
    with django_assert_max_num_queries(42) as small:
        assert client.get("/").status_code == 200
    _many(clerk, field, manager, dossier, active_seal, 6)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get("/")
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
