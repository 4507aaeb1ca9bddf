"""Stamping only where it was approved (issue 9.8): placements given at stamp time must equal the approved ones.

The approval records the placements it approved; the comparison is against that record, within 0.05 mm
(half the 0.1 mm the placement widget stores). Changing a placement is an edit of the item, which voids the
approval.
"""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from docstore.models import Version
from seals import services
from seals.models import Impression, SealRequestItem
from storage.registry import get_store
from tests.seals.pdfcheck import page_size_mm, red_fraction

APPROVED = [{"page": 1, "x": 150.0, "y": 60.0}]


def _stamp(api, user, req, item, **body):
    return api(user).post(f"/api/v1/seal-requests/{req.pk}/stamp", {"item": item.pk, **body}, format="json")


def _bytes(version_id) -> bytes:
    with get_store().open(Version.objects.get(pk=version_id).sha256) as stream:
        return stream.read()


def _nothing_stamped(item) -> bool:
    item.refresh_from_db()
    return item.used == 0 and not Impression.objects.filter(item=item).exists()


@pytest.mark.django_db
class TestApprovalRecordsPlacements:
    def test_approval_records_the_placements_with_the_sha256(self, manager, make_request, version):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        assert req.approval["items"] == {str(item.pk): version.sha256}
        assert req.approval["placements"] == {str(item.pk): APPROVED}

    def test_default_placement_is_recorded_as_approved(self, make_request):
        req = make_request("approved", cross_page=False, placements=[])
        item = req.items.get()
        assert req.approval["placements"] == {str(item.pk): [{"preset": "last_page_signature"}]}

    def test_cross_page_only_item_records_no_placement(self, make_request):
        req = make_request("approved", cross_page=True, placements=[])
        assert req.approval["placements"] == {str(req.items.get().pk): []}

    def test_physical_item_records_no_placements(self, make_request):
        req = make_request("approved", mode="physical", cross_page=False, placements=[])
        assert req.approval["placements"] == {}


@pytest.mark.django_db
class TestStampAtApprovedPlacements:
    def test_other_page_is_409_naming_the_difference(self, api, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        answer = _stamp(api, field, req, item, placements=[{"page": 2, "x": 150, "y": 60}])
        assert answer.status_code == 409, answer.content
        body = answer.json()
        assert body["error"] == "placements_not_approved"
        assert "未批准的位置：第 2 页 (150.0, 60.0) 毫米" in body["detail"]
        assert "批准但未给出的位置：第 1 页 (150.0, 60.0) 毫米" in body["detail"]
        assert "修改此项" in body["detail"]
        assert _nothing_stamped(item) and item.request.status == "approved"

    def test_an_extra_placement_is_409(self, api, field, make_request):
        req = make_request("approved", impressions=3, cross_page=False, placements=APPROVED)
        item = req.items.get()
        answer = _stamp(api, field, req, item, placements=[*APPROVED, {"page": 2, "x": 100, "y": 100}])
        assert answer.status_code == 409 and answer.json()["error"] == "placements_not_approved"
        assert "第 2 页 (100.0, 100.0)" in answer.json()["detail"]
        assert "批准但未给出" not in answer.json()["detail"]
        assert _nothing_stamped(item)

    def test_a_missing_placement_is_409(self, api, field, make_request):
        two = [*APPROVED, {"page": 2, "x": 100, "y": 100}]
        req = make_request("approved", impressions=2, cross_page=False, placements=two)
        item = req.items.get()
        answer = _stamp(api, field, req, item, placements=APPROVED)
        assert answer.status_code == 409
        assert "批准但未给出的位置：第 2 页 (100.0, 100.0) 毫米" in answer.json()["detail"]
        assert "未批准的位置：" not in answer.json()["detail"].replace("批准但未给出的位置：", "")
        assert _nothing_stamped(item)

    def test_a_shift_past_the_tolerance_is_409(self, api, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        answer = _stamp(api, field, req, item, placements=[{"page": 1, "x": 150.2, "y": 60}])
        assert answer.status_code == 409 and answer.json()["error"] == "placements_not_approved"
        assert _nothing_stamped(item)

    def test_same_placements_within_tolerance_and_in_any_order_stamp(self, api, field, make_request):
        two = [*APPROVED, {"page": 2, "x": 100, "y": 100}]
        req = make_request("approved", impressions=2, cross_page=False, placements=two)
        item = req.items.get()
        given = [{"page": 2, "x": 99.96, "y": 100.04}, {"page": 1, "x": 150.05, "y": 59.95}]
        answer = _stamp(api, field, req, item, placements=given)
        assert answer.status_code == 201, answer.content
        item.refresh_from_db()
        assert item.used == 2
        data = _bytes(answer.json()["id"])
        assert red_fraction(data, 1, (146, 56, 154, 64)) > 0.3
        assert red_fraction(data, 2, (96, 96, 104, 104)) > 0.3

    def test_a_preset_equals_its_coordinates(self, api, field, make_request, version):
        req = make_request("approved", cross_page=False, placements=[{"preset": "last_page_signature"}])
        item = req.items.get()
        width, _height = page_size_mm(_bytes(version.pk), 2)
        same = [{"page": 2, "x": round(width - 55, 1), "y": 50}]
        answer = _stamp(api, field, req, item, placements=same)
        assert answer.status_code == 201, answer.content

    def test_no_placements_given_uses_the_approved_ones(self, api, field, make_request):
        req = make_request("approved", impressions=2, cross_page=False, placements=APPROVED)
        item = req.items.get()
        answer = _stamp(api, field, req, item)
        assert answer.status_code == 201, answer.content
        empty = _stamp(api, field, req, item, placements=[])
        assert empty.status_code == 201, empty.content
        item.refresh_from_db()
        assert item.used == 2
        assert red_fraction(_bytes(answer.json()["id"]), 1, (146, 56, 154, 64)) > 0.3

    def test_the_comparison_is_against_the_approval_not_the_item_row(self, api, field, make_request):
        req = make_request("approved", impressions=2, cross_page=False, placements=APPROVED)
        item = req.items.get()
        elsewhere = [{"page": 2, "x": 60, "y": 60}]
        SealRequestItem.objects.filter(pk=item.pk).update(placements=elsewhere)  # past the services
        refused = _stamp(api, field, req, item, placements=elsewhere)
        assert refused.status_code == 409 and "第 2 页 (60.0, 60.0)" in refused.json()["detail"]
        stamped = _stamp(api, field, req, item)
        assert stamped.status_code == 201
        data = _bytes(stamped.json()["id"])
        assert red_fraction(data, 1, (146, 56, 154, 64)) > 0.3
        assert red_fraction(data, 2, (56, 56, 64, 64)) < 0.01

    def test_placements_approved_anew_during_stamping_are_refused(self, monkeypatch, field, make_request):
        """Checked again under the row lock: the approval may have been voided and given anew meanwhile."""
        from core.errors import Conflict
        from seals.models import SealRequest
        from seals.services import stamping

        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        sign = stamping.signing.sign

        def approved_anew_while_signing(*args, **kwargs):
            moved = {**req.approval, "placements": {str(item.pk): [{"page": 2, "x": 60, "y": 60}]}}
            SealRequest.objects.filter(pk=req.pk).update(approval=moved)
            return sign(*args, **kwargs)

        monkeypatch.setattr(stamping.signing, "sign", approved_anew_while_signing)
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, item)
        assert exc.value.code == "placements_not_approved"
        assert _nothing_stamped(item) and item.version.document.versions.count() == 1

    def test_bad_placements_are_still_400(self, api, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        off_page = _stamp(api, field, req, item, placements=[{"page": 5, "x": 1, "y": 1}])
        assert off_page.status_code == 400 and off_page.json()["error"] == "bad_placements"
        shapeless = _stamp(api, field, req, item, placements={"page": 1})
        assert shapeless.status_code == 400
        assert _nothing_stamped(item)

    def test_service_refuses_too(self, field, make_request):
        from core.errors import Conflict

        req = make_request("approved", placements=APPROVED)
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, req.items.get(), placements=[{"page": 1, "x": 20, "y": 20}])
        assert exc.value.code == "placements_not_approved"


@pytest.mark.django_db
class TestChangingPlacementsIsAnEdit:
    def test_edit_voids_the_approval_then_the_new_placements_are_approved(
        self, api, field, manager, make_request
    ):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        moved = [{"page": 2, "x": 100, "y": 100}]
        edited = api(field).patch(
            f"/api/v1/seal-requests/{req.pk}/items/{item.pk}", {"placements": moved}, format="json"
        )
        assert edited.status_code == 200, edited.content
        assert edited.json()["status"] == "draft" and edited.json()["approval"] == {}
        item.refresh_from_db()
        assert item.approved_sha256 == "" and item.placements == moved
        not_approved = _stamp(api, field, req, item, placements=moved)
        assert not_approved.status_code == 409 and not_approved.json()["error"] == "not_approved"

        req = services.approve_request(manager, services.submit_request(field, req))
        assert req.approval["placements"] == {str(item.pk): moved}
        assert _stamp(api, field, req, item, placements=APPROVED).status_code == 409
        stamped = _stamp(api, field, req, item, placements=moved)
        assert stamped.status_code == 201, stamped.content

    def test_no_edit_once_stamping_began(self, api, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        assert _stamp(api, field, req, item).status_code == 201
        answer = api(field).patch(
            f"/api/v1/seal-requests/{req.pk}/items/{item.pk}",
            {"placements": [{"page": 2, "x": 100, "y": 100}]},
            format="json",
        )
        assert answer.status_code == 409 and answer.json()["error"] == "wrong_state"
        item.refresh_from_db()
        assert item.placements == APPROVED


@pytest.mark.django_db
class TestWebStampForm:
    def test_form_shows_and_sends_the_approved_placements(self, web, field, make_request):
        req = make_request("approved", cross_page=False, placements=APPROVED)
        item = req.items.get()
        html = web(field).get(req.get_absolute_url()).content.decode()
        assert "批准的盖章位置：第 1 页 (150.0, 60.0) 毫米" in html
        sent = re.search(r'name="placements" value="([^"]*)"', html)
        assert sent and json.loads(unescape(sent.group(1))) == APPROVED
        done = web(field).post(
            reverse("seals:item-stamp", args=[item.pk]),
            {"placements": '[{"page": 1, "x": 150.0, "y": 60.0}]'},
            follow=True,
        )
        assert "已电子用印并签名" in done.content.decode()
        item.refresh_from_db()
        assert item.used == 1

    def test_other_placements_on_the_form_are_refused_with_the_difference(self, web, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        answer = web(field).post(
            reverse("seals:item-stamp", args=[item.pk]),
            {"placements": '[{"page": 2, "x": 150, "y": 60}]'},
            follow=True,
        )
        html = answer.content.decode()
        assert "用印位置与批准的不一致" in html and "未批准的位置：第 2 页 (150.0, 60.0) 毫米" in html
        assert _nothing_stamped(item)

    def test_malformed_placements_on_the_form_are_refused(self, web, field, make_request):
        req = make_request("approved", placements=APPROVED)
        item = req.items.get()
        answer = web(field).post(
            reverse("seals:item-stamp", args=[item.pk]), {"placements": "[{"}, follow=True
        )
        assert "盖章位置格式无效" in answer.content.decode()
        assert _nothing_stamped(item)

    def test_form_without_placements_stamps_at_the_approved_ones(self, web, field, make_request):
        req = make_request("approved", cross_page=False, placements=APPROVED)
        item = req.items.get()
        web(field).post(reverse("seals:item-stamp", args=[item.pk]))
        item.refresh_from_db()
        assert item.used == 1
