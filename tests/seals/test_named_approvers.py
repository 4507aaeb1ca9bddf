"""Someone a rule names personally (`user:…`), without an approving role, gets the approver's queue: the nav
count, the queue tab, the home page's section and the API's `to_decide` filter; anyone else sees none of it and
is refused. The queue holds exactly the requests whose current step they decide."""

import pytest
from django.urls import reverse

from accounts.roles import CLERK
from seals import selectors, services
from tests.conftest import make_user

BADGE = '<span class="count" aria-label="待办">'


@pytest.fixture
def finance(make_seal):
    return make_seal(name="财务专用章", kind="finance")


@pytest.fixture
def named(db):
    """A clerk the finance seal's rule names personally; no approving role."""
    return make_user("clerk2", CLERK, display_name="钱丽")


@pytest.fixture
def finance_request(manager, named, finance, make_request):
    services.create_rule(
        manager, name="财务章", seal_kind="finance", shape="single", approvers=["user:clerk2"]
    )

    def make():
        return make_request("submitted", seal=finance, mode="physical", cross_page=False, placements=[])

    return make


@pytest.mark.django_db
class TestNamedApprover:
    def test_badge_queue_and_approval_through_http(self, web, named, clerk, finance_request):
        req = finance_request()
        assert selectors.is_approver(named) and not selectors.is_approver(clerk)
        client = web(named)
        html = client.get(reverse("seals:request-list")).content.decode()  # the queue is their first tab
        assert f"{BADGE}1</span>" in html and "待我审批" in html
        assert f'id="req-{req.pk}"' in html and "用印异常" not in html  # the manager's anomalies stay his
        response = client.post(
            reverse("seals:request-action", args=[req.pk, "approve"]), {"text": "同意", "next": "queue"}
        )
        assert response.status_code == 302
        req.refresh_from_db()
        assert req.status == "approved" and req.decided_by == named
        html = client.get(reverse("seals:request-list")).content.decode()
        assert BADGE not in html and "待我审批" not in html  # nothing pending names them any more

    def test_someone_not_named_sees_nothing_and_is_refused(self, web, clerk, finance_request):
        req = finance_request()
        client = web(clerk)
        html = client.get(reverse("seals:request-list") + "?tab=queue").content.decode()
        assert BADGE not in html and "待我审批" not in html and f'id="req-{req.pk}"' not in html
        response = client.post(
            reverse("seals:request-action", args=[req.pk, "approve"]), {"text": "同意"}, follow=True
        )
        assert "您不能审批" in response.content.decode()  # the page says why (the API answers 403, below)
        req.refresh_from_db()
        assert req.status == "submitted"
        assert "待我审批的用章申请" not in client.get("/").content.decode()

    def test_the_home_page_section(self, web, named, finance_request):
        req = finance_request()
        html = web(named).get("/").content.decode()
        assert "待我审批的用章申请" in html and f"/seals/requests/{req.pk}/" in html

    def test_the_queue_is_exactly_what_they_decide(
        self, manager, named, field, finance_request, make_request
    ):
        mine = finance_request()
        make_request("submitted")  # the contract seal: the manager's
        assert list(selectors.approval_queue(named)) == [mine]
        assert selectors.nav_counts(named) == {"seal_queue": 1}
        assert mine not in selectors.approval_queue(manager)

    def test_a_later_step_names_them_before_their_turn(self, manager, named, finance, make_request):
        services.create_rule(
            manager,
            name="财务章两级",
            seal_kind="finance",
            shape="sequential",
            approvers=["group:manager", "user:clerk2"],
        )
        req = make_request("submitted", seal=finance, mode="physical", cross_page=False, placements=[])
        # the tab shows (it will come to them), empty until the manager has agreed
        assert selectors.is_approver(named) and selectors.nav_counts(named) == {"seal_queue": 0}
        services.approve_request(manager, req)
        assert selectors.nav_counts(named) == {"seal_queue": 1}

    def test_a_deputy_of_someone_named_who_is_away(self, named, clerk, finance_request):
        named.away, named.deputy = True, clerk
        named.save(update_fields=["away", "deputy"])
        req = finance_request()
        assert selectors.is_approver(clerk) and list(selectors.approval_queue(clerk)) == [req]
        assert services.approve_request(clerk, req).status == "approved"
        assert not selectors.is_approver(clerk)

    def test_the_api_filter(self, api, named, clerk, finance_request):
        req = finance_request()
        url = reverse("api:seal-request-list") + "?to_decide=true"
        assert [r["id"] for r in api(named).get(url).json()["results"]] == [req.pk]
        assert api(clerk).get(url).json()["results"] == []
        refused = api(clerk).post(reverse("api:seal-request-approve", args=[req.pk]), {}, format="json")
        assert refused.status_code == 403 and refused.json()["error"] == "not_approver"
        done = api(named).post(reverse("api:seal-request-approve", args=[req.pk]), {}, format="json")
        assert done.status_code == 200 and done.json()["status"] == "approved"


@pytest.mark.django_db
def test_the_named_approvers_pages_cost_a_constant(
    web, named, finance_request, django_assert_max_num_queries
):
    finance_request()
    client = web(named)
    with django_assert_max_num_queries(16) as small:
        assert client.get(reverse("seals:request-list") + "?tab=queue").status_code == 200
    with django_assert_max_num_queries(42) as home_small:
        assert client.get("/").status_code == 200
    for _ in range(3):
        finance_request()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("seals:request-list") + "?tab=queue").content.decode()
    assert f"{BADGE}4</span>" in html
    with django_assert_max_num_queries(len(home_small.captured_queries)):
        assert client.get("/").status_code == 200
