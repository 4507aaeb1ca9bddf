"""Drafts are private (issue 9.9): a request that is still its requester's own work is seen only by them and
by managers, on every route; to anyone else it does not exist (404, never 403).

Private: a draft, a request returned for changes (its requester is editing it again) and a withdrawn one.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from seals import selectors, services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OTHERS = ["clerk", "field2", "admin"]  # every other role, and another field staff member
ALLOWED = ["field", "manager"]  # the requester and a manager
HIDDEN = ["draft", "returned", "withdrawn"]
PURPOSES = {
    "draft": "私密草稿甲",
    "returned": "退回修改乙",
    "withdrawn": "撤回草稿丙",
    "submitted": "已提交丁",
}


@pytest.fixture
def people(clerk, field, field2, manager, admin_user, outsider):
    return {
        "clerk": clerk,
        "field": field,
        "field2": field2,
        "manager": manager,
        "admin": admin_user,
        "outsider": outsider,
    }


@pytest.fixture
def reqs(field, manager, seal, version):
    """Requests by field staff in each private state, and one submitted (everyone's business)."""

    def new(key):
        item = {
            "version": version,
            "seal": seal,
            "impressions": 1,
            "mode": "electronic",
            "placements": [{"page": 1, "x": 150, "y": 60}],
        }
        return services.create_request(field, purpose=PURPOSES[key], recipient="bank", items=[item])

    returned = services.submit_request(field, new("returned"))
    found = SimpleNamespace(
        draft=new("draft"),
        returned=services.return_request(manager, returned, reason="请补充"),
        withdrawn=services.withdraw_request(field, new("withdrawn")),
        submitted=services.submit_request(field, new("submitted")),
    )
    found.hidden = [getattr(found, key) for key in HIDDEN]
    return found


def _text(response) -> str:
    return response.content.decode()


class TestSelector:
    def test_visible_requests(self, people, reqs):
        everything = {r.pk for r in (*reqs.hidden, reqs.submitted)}
        for who in ALLOWED:
            assert set(selectors.visible_requests(people[who]).values_list("pk", flat=True)) == everything
        for who in OTHERS:
            assert list(selectors.visible_requests(people[who]).values_list("pk", flat=True)) == [
                reqs.submitted.pk
            ]

    def test_an_anonymous_user_sees_none(self, reqs):
        from django.contrib.auth.models import AnonymousUser

        assert not selectors.visible_requests(AnonymousUser()).exists()
        assert not selectors.visible_items(AnonymousUser()).exists()

    def test_a_second_manager_sees_them_too(self, reqs):
        from accounts.roles import MANAGER

        other_manager = make_user("manager2", MANAGER)
        assert selectors.visible_requests(other_manager).count() == 4


class TestWebList:
    @pytest.mark.parametrize("who", OTHERS)
    def test_others_do_not_see_them(self, web, people, reqs, who):
        client = web(people[who])
        listing = _text(client.get(reverse("seals:request-list") + "?tab=all"))
        assert PURPOSES["submitted"] in listing
        for key in HIDDEN:
            assert PURPOSES[key] not in listing
            assert reqs.__dict__[key].get_absolute_url() not in listing
        by_state = _text(client.get(reverse("seals:request-list") + "?tab=all&status=draft"))
        assert "没有申请。" in by_state
        by_requester = _text(client.get(reverse("seals:request-list") + "?tab=all&requester=field1"))
        assert PURPOSES["submitted"] in by_requester and PURPOSES["draft"] not in by_requester

    @pytest.mark.parametrize("who", ALLOWED)
    def test_requester_and_manager_see_them(self, web, people, reqs, who):
        listing = _text(web(people[who]).get(reverse("seals:request-list") + "?tab=all"))
        for purpose in PURPOSES.values():
            assert purpose in listing

    def test_mine_and_its_counts_are_the_requesters_own(self, web, field, field2, reqs):
        mine = web(field).get(reverse("seals:request-list") + "?tab=mine")
        assert dict((s, n) for s, _label, n in mine.context["state_tabs"])["draft"] == 1
        assert PURPOSES["draft"] in _text(mine)
        theirs = web(field2).get(reverse("seals:request-list") + "?tab=mine")
        assert all(n == 0 for _s, _label, n in theirs.context["state_tabs"])
        assert "没有申请。" in _text(theirs)

    def test_the_managers_queue_holds_only_submitted_requests(self, web, manager, reqs):
        page = web(manager).get(reverse("seals:request-list") + "?tab=queue")
        assert [r.pk for r in page.context["queue"]] == [reqs.submitted.pk]
        assert page.context["queue_count"] == 1


class TestWebPages:
    @pytest.mark.parametrize("who", OTHERS)
    @pytest.mark.parametrize("key", HIDDEN)
    def test_detail_form_and_previews_are_404(self, web, people, reqs, who, key):
        req = getattr(reqs, key)
        item = req.items.get()
        client = web(people[who])
        assert client.get(req.get_absolute_url()).status_code == 404
        assert client.get(reverse("seals:request-form", args=[req.pk])).status_code == 404
        assert client.get(reverse("seals:item-page", args=[item.pk, 1])).status_code == 404

    @pytest.mark.parametrize("who", OTHERS)
    def test_a_submitted_request_stays_readable(self, web, people, reqs, who):
        client = web(people[who])
        assert client.get(reqs.submitted.get_absolute_url()).status_code == 200
        assert client.get(reverse("seals:request-form", args=[reqs.submitted.pk])).status_code == 200
        item = reqs.submitted.items.get()
        assert client.get(reverse("seals:item-page", args=[item.pk, 1])).status_code == 200

    @pytest.mark.parametrize("who", ALLOWED)
    @pytest.mark.parametrize("key", HIDDEN)
    def test_requester_and_manager_read_them(self, web, people, reqs, who, key):
        req = getattr(reqs, key)
        client = web(people[who])
        detail = client.get(req.get_absolute_url())
        assert detail.status_code == 200 and PURPOSES[key] in _text(detail)
        assert client.get(reverse("seals:request-form", args=[req.pk])).status_code == 200
        png = client.get(reverse("seals:item-page", args=[req.items.get().pk, 1]))
        assert png.status_code == 200 and png.content[:4] == b"\x89PNG"

    @pytest.mark.parametrize("who", OTHERS)
    def test_posts_are_404_and_change_nothing(self, web, people, reqs, who):
        client = web(people[who])
        req = reqs.draft
        item = req.items.get()
        posts = [
            (reverse("seals:request-action", args=[req.pk, "submit"]), {}),
            (reverse("seals:request-action", args=[req.pk, "withdraw"]), {}),
            (reverse("seals:item-edit", args=[item.pk]), {f"item{item.pk}-impressions": 3}),
            (reverse("seals:item-stamp", args=[item.pk]), {}),
            (reverse("seals:item-impressions", args=[item.pk]), {"count": 1}),
        ]
        for path, body in posts:
            assert client.post(path, body).status_code == 404, path
        req.refresh_from_db()
        item.refresh_from_db()
        assert req.status == "draft" and item.impressions == 1

    def test_outsider_is_still_403(self, web, outsider, reqs):
        assert web(outsider).get(reqs.draft.get_absolute_url()).status_code == 403

    def test_a_returned_request_is_public_again_once_resubmitted(self, web, field, clerk, reqs):
        assert web(clerk).get(reqs.returned.get_absolute_url()).status_code == 404
        services.submit_request(field, reqs.returned)
        assert web(clerk).get(reqs.returned.get_absolute_url()).status_code == 200


class TestApi:
    @pytest.mark.parametrize("who", OTHERS)
    def test_list_and_its_filters_leave_them_out(self, api, people, reqs, who):
        client = api(people[who])
        listed = client.get("/api/v1/seal-requests/").json()
        assert listed["count"] == 1 and [r["id"] for r in listed["results"]] == [reqs.submitted.pk]
        for status in HIDDEN:
            assert client.get(f"/api/v1/seal-requests/?status={status}").json()["count"] == 0
        assert client.get("/api/v1/seal-requests/?requester=field1").json()["count"] == 1
        assert client.get("/api/v1/seal-requests/?mine=true").json()["count"] == 0

    @pytest.mark.parametrize("who", ALLOWED)
    def test_requester_and_manager_list_them(self, api, people, reqs, who):
        client = api(people[who])
        assert client.get("/api/v1/seal-requests/").json()["count"] == 4
        assert client.get("/api/v1/seal-requests/?status=draft").json()["count"] == 1
        detail = client.get(f"/api/v1/seal-requests/{reqs.draft.pk}/")
        assert detail.status_code == 200 and detail.json()["purpose"] == PURPOSES["draft"]
        form = client.get(f"/api/v1/seal-requests/{reqs.draft.pk}/form")
        assert form.status_code == 200 and form.content.startswith(b"%PDF")

    @pytest.mark.parametrize("who", OTHERS)
    @pytest.mark.parametrize("key", HIDDEN)
    def test_every_route_is_404(self, api, people, reqs, seal, version, who, key):
        req = getattr(reqs, key)
        item = req.items.get()
        base = f"/api/v1/seal-requests/{req.pk}"
        client = api(people[who])
        calls = [
            ("get", f"{base}/", None),
            ("get", f"{base}/form", None),
            ("patch", f"{base}/", {"purpose": "改"}),
            ("post", f"{base}/items", {"version": version.pk, "seal": seal.pk, "mode": "physical"}),
            ("patch", f"{base}/items/{item.pk}", {"impressions": 3}),
            ("delete", f"{base}/items/{item.pk}", None),
            ("post", f"{base}/submit", None),
            ("post", f"{base}/withdraw", None),
            ("post", f"{base}/approve", {"comment": "同意"}),
            ("post", f"{base}/reject", {"reason": "x"}),
            ("post", f"{base}/return", {"reason": "x"}),
            ("post", f"{base}/close", None),
            ("post", f"{base}/stamp", {"item": item.pk}),
            ("post", f"{base}/impressions", {"item": item.pk, "count": 1, "reason": ""}),
        ]
        for method, path, body in calls:
            answer = getattr(client, method)(path, body, format="json")
            assert answer.status_code == 404, (method, path, answer.status_code)
            assert answer.json()["error"] == "not_found"
        req.refresh_from_db()
        assert req.status == key and req.purpose == PURPOSES[key] and req.items.count() == 1

    def test_the_manager_reads_a_draft_but_cannot_act_on_it(self, api, manager, reqs):
        client = api(manager)
        assert client.get(f"/api/v1/seal-requests/{reqs.draft.pk}/").status_code == 200
        assert client.post(f"/api/v1/seal-requests/{reqs.draft.pk}/submit").status_code == 403


class TestWorkbench:
    def test_home_lists_the_requesters_own_drafts(self, web, field, field2, reqs):
        mine = web(field).get(reverse("workbench:home"))
        assert PURPOSES["draft"] in _text(mine) and PURPOSES["returned"] in _text(mine)
        sections = {s.key: s for s in web(field2).get(reverse("workbench:home")).context["sections"]}
        assert sections["my_requests"].count == 0

    @pytest.mark.parametrize("who", OTHERS)
    def test_dossier_timeline_leaves_them_out(self, web, people, reqs, dossier, who):
        entries = (
            web(people[who]).get(reverse("workbench:dossier-timeline", args=[dossier.pk])).context["entries"]
        )
        links = {e.url for e in entries}
        assert reqs.submitted.get_absolute_url() in links
        for req in reqs.hidden:
            assert req.get_absolute_url() not in links

    @pytest.mark.parametrize("who", ALLOWED)
    def test_dossier_timeline_shows_them_to_requester_and_manager(self, web, people, reqs, dossier, who):
        entries = (
            web(people[who]).get(reverse("workbench:dossier-timeline", args=[dossier.pk])).context["entries"]
        )
        links = {e.url for e in entries}
        for req in (*reqs.hidden, reqs.submitted):
            assert req.get_absolute_url() in links


def test_the_rule_has_one_home():
    """The request pages and the API read requests and items only through the selectors (visible_requests)."""
    import inspect

    from seals import api
    from seals.views import pages

    for module in (api, pages):
        source = inspect.getsource(module)
        for direct in ("SealRequest.objects", "SealRequestItem.objects"):
            assert direct not in source, (module.__name__, direct)
