"""More of the seal-request API: editing items, lists without N+1, the navigation count, several items."""

import pytest

from seals import selectors, services


@pytest.mark.django_db
class TestItemsOverHttp:
    def test_add_change_remove_items(self, api, field, manager, make_request, seal, version):
        req = make_request("draft")
        client = api(field)
        added = client.post(
            f"/api/v1/seal-requests/{req.pk}/items",
            {"version": version.pk, "seal": seal.pk, "impressions": 1, "mode": "physical"},
            format="json",
        )
        assert added.status_code == 201 and len(added.json()["items"]) == 2
        second = added.json()["items"][1]["id"]
        changed = client.patch(
            f"/api/v1/seal-requests/{req.pk}/items/{second}", {"impressions": 5}, format="json"
        )
        assert changed.status_code == 200
        assert [i["impressions"] for i in changed.json()["items"]] == [2, 5]
        removed = client.delete(f"/api/v1/seal-requests/{req.pk}/items/{second}")
        assert removed.status_code == 200 and len(removed.json()["items"]) == 1
        header = client.patch(
            f"/api/v1/seal-requests/{req.pk}/", {"purpose": "改为房管局备案"}, format="json"
        )
        assert header.status_code == 200 and header.json()["purpose"] == "改为房管局备案"
        assert (
            api(manager)
            .patch(f"/api/v1/seal-requests/{req.pk}/", {"purpose": "x"}, format="json")
            .status_code
            == 403
        )

    def test_change_after_approval_voids_over_http(self, api, field, make_request):
        req = make_request("approved")
        item = req.items.get()
        answer = api(field).patch(
            f"/api/v1/seal-requests/{req.pk}/items/{item.pk}", {"impressions": 2}, format="json"
        )
        assert (
            answer.status_code == 200
            and answer.json()["status"] == "draft"
            and answer.json()["approval"] == {}
        )

    def test_wrong_state_is_409_over_http(self, api, field, manager, make_request):
        req = make_request("rejected")
        answer = api(field).post(f"/api/v1/seal-requests/{req.pk}/submit")
        assert answer.status_code == 409 and answer.json()["error"] == "wrong_state"
        assert "已驳回" in answer.json()["detail"]
        no_reason = api(manager).post(
            f"/api/v1/seal-requests/{make_request('submitted').pk}/reject", {}, format="json"
        )
        assert no_reason.status_code == 400 and no_reason.json()["error"] == "reason_required"

    def test_stamp_with_the_approved_placements_given_at_stamping(self, api, field, make_request):
        """Only the approved placements may be given (tests/seals/test_stamp_placements.py has the rest)."""
        both = [{"page": 1, "x": 100, "y": 100}, {"page": 2, "x": 100, "y": 100}]
        req = make_request("approved", impressions=4, cross_page=False, placements=both)
        item = req.items.get()
        answer = api(field).post(
            f"/api/v1/seal-requests/{req.pk}/stamp", {"item": item.pk, "placements": both}, format="json"
        )
        assert answer.status_code == 201
        item.refresh_from_db()
        assert item.used == 2
        off_page = api(field).post(
            f"/api/v1/seal-requests/{req.pk}/stamp",
            {"item": item.pk, "placements": [{"page": 5, "x": 1, "y": 1}]},
            format="json",
        )
        assert off_page.status_code == 400 and off_page.json()["error"] == "bad_placements"

    def test_form_pdf_over_http(self, api, field, make_request):
        req = make_request("submitted")
        answer = api(field).get(f"/api/v1/seal-requests/{req.pk}/form")
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_two_items_partly_then_fully_stamped(
    field, clerk, manager, seal, make_seal, version, make_pdf_version
):
    other = make_pdf_version(pages=3)
    req = services.create_request(
        field,
        purpose="放款",
        recipient="bank",
        items=[
            {
                "version": version,
                "seal": seal,
                "impressions": 1,
                "mode": "electronic",
                "placements": [{"preset": "last_page_signature"}],
            },
            {
                "version": other,
                "seal": make_seal(name="公章", kind="company"),
                "impressions": 2,
                "mode": "physical",
            },
        ],
    )
    req = services.approve_request(manager, services.submit_request(field, req))
    first, second = req.items.all()
    services.stamp_item(field, first)
    req.refresh_from_db()
    assert req.status == "partly_stamped"
    services.record_impressions(clerk, second, count=2)
    req.refresh_from_db()
    assert req.status == "stamped"
    assert services.close_request(field, req).status == "closed"


@pytest.mark.django_db
def test_request_list_has_no_n_plus_one(api, field, make_request, django_assert_max_num_queries):
    for _ in range(12):
        make_request("submitted")
    with django_assert_max_num_queries(8):
        answer = api(field).get("/api/v1/seal-requests/?page_size=50")
    assert answer.json()["count"] == 12 and all(len(r["items"]) == 1 for r in answer.json()["results"])
    assert api(field).get("/api/v1/seal-requests/?status=submitted&mine=true").json()["count"] == 12


@pytest.mark.django_db
def test_nav_counts(field, clerk, manager, make_request):
    make_request("submitted")
    make_request("submitted", requester=manager)  # the manager's own: not for them to decide
    make_request("draft")
    assert selectors.nav_counts(manager) == {"seal_queue": 1}
    assert selectors.nav_counts(field) == {} and selectors.nav_counts(clerk) == {}
