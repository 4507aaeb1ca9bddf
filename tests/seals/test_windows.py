"""Authorisation windows: valid_until from the rule or the setting, revoking before use, electronic use after
expiry or revocation refused (409), physical use after expiry an anomaly that needs a reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import Conflict, Forbidden, InvalidInput
from notifications.models import Message
from seals import services
from seals.approval_models import ApprovalRule
from seals.models import Impression, SealRequest


def expire(req):
    SealRequest.objects.filter(pk=req.pk).update(valid_until=timezone.now() - datetime.timedelta(hours=1))
    req.refresh_from_db()
    return req


@pytest.fixture
def physical(make_request):
    return lambda state="approved", **kw: make_request(
        state, mode="physical", cross_page=False, placements=[], impressions=2, **kw
    )


@pytest.mark.django_db
class TestValidUntil:
    def test_default_from_the_setting(self, settings, make_request):
        settings.SEALS_APPROVAL_VALID_DAYS = 10
        before = timezone.now()
        req = make_request("approved")
        assert (
            before + datetime.timedelta(days=10)
            <= req.valid_until
            <= timezone.now() + datetime.timedelta(days=10)
        )
        assert req.approval["valid_until"] == req.valid_until.isoformat()

    def test_default_from_the_rule(self, make_request):
        ApprovalRule.objects.filter(seal_kind="contract").update(valid_days=3)
        req = make_request("approved")
        assert (req.valid_until - req.decided_at).days == 3

    def test_given_by_the_approver(self, api, manager, make_request):
        req = make_request("submitted")
        until = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
        answer = api(manager).post(
            f"/api/v1/seal-requests/{req.pk}/approve/", {"valid_until": until.isoformat()}, format="json"
        )
        assert answer.status_code == 200 and answer.json()["expired"] is False
        req.refresh_from_db()
        assert req.valid_until == until

    @pytest.mark.parametrize("days", [-1, 4000])
    def test_bad_windows(self, manager, make_request, days):
        req = make_request("submitted")
        with pytest.raises(InvalidInput):
            services.approve_request(manager, req, valid_until=timezone.now() + datetime.timedelta(days=days))
        req.refresh_from_db()
        assert req.status == "submitted"

    def test_the_page_shows_the_window(self, web, field, make_request):
        req = expire(make_request("approved"))
        html = web(field).get(req.get_absolute_url()).content.decode()
        assert "授权有效期至" in html and "已过期" in html
        assert "电子用印并签名" not in html  # refused after expiry: not offered


@pytest.mark.django_db
class TestRevoke:
    def test_the_approver_revokes_before_use(self, api, field, manager, make_request):
        req = make_request("approved")
        answer = api(manager).post(
            f"/api/v1/seal-requests/{req.pk}/revoke/", {"reason": "客户取消"}, format="json"
        )
        assert answer.status_code == 200 and answer.json()["status"] == "revoked"
        assert answer.json()["revoke_reason"] == "客户取消"
        assert AuditEvent.objects.filter(action="seal_request.revoked", object_id=str(req.pk)).exists()
        assert Message.objects.filter(recipient=field, subject__contains="授权已被撤销").exists()
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, req.items.get())
        assert exc.value.code == "approval_revoked" and "客户取消" in str(exc.value.detail)
        stamped = api(field).post(
            f"/api/v1/seal-requests/{req.pk}/stamp/", {"item": req.items.get().pk}, format="json"
        )
        assert stamped.status_code == 409 and stamped.json()["error"] == "approval_revoked"

    def test_physical_use_after_revoking_is_refused(self, clerk, manager, physical):
        req = services.revoke_request(manager, physical(), reason="作废")
        with pytest.raises(Conflict):
            services.record_impressions(clerk, req.items.get(), count=1, reason="x")
        assert not Impression.objects.exists()

    @pytest.mark.parametrize("who", ["field", "clerk", "outsider"])
    def test_forbidden(self, users, make_request, who):
        req = make_request("approved")
        with pytest.raises(Forbidden):
            services.revoke_request(users[who], req, reason="x")

    def test_a_reason_is_needed(self, manager, make_request):
        with pytest.raises(InvalidInput):
            services.revoke_request(manager, make_request("approved"), reason=" ")

    def test_not_after_use_nor_before_approval(self, clerk, manager, physical):
        used = physical()
        services.record_impressions(clerk, used.items.get(), count=1)
        for req in (used, physical("submitted")):
            with pytest.raises(Conflict):
                services.revoke_request(manager, req, reason="x")

    def test_the_page_button(self, web, manager, field, make_request):
        req = make_request("approved")
        assert "撤销授权" not in web(field).get(req.get_absolute_url()).content.decode()
        page = web(manager).post(
            reverse("seals:request-action", args=[req.pk, "revoke"]), {"text": "不再需要"}, follow=True
        )
        req.refresh_from_db()
        assert req.status == "revoked" and "授权已撤销" in page.content.decode()


@pytest.mark.django_db
class TestExpired:
    def test_electronic_use_after_expiry_is_refused(self, api, field, make_request):
        req = expire(make_request("approved"))
        answer = api(field).post(
            f"/api/v1/seal-requests/{req.pk}/stamp/", {"item": req.items.get().pk}, format="json"
        )
        assert answer.status_code == 409 and answer.json()["error"] == "approval_expired"
        assert "过期" in answer.json()["detail"]
        assert req.items.get().used == 0

    def test_physical_use_after_expiry_needs_a_reason_and_is_an_anomaly(self, web, clerk, field, physical):
        req = expire(physical())
        item = req.items.get()
        with pytest.raises(InvalidInput) as exc:
            services.record_impressions(clerk, item, count=1)
        assert exc.value.code == "reason_required" and "过期" in str(exc.value.detail)
        row = services.record_impressions(clerk, item, count=1, reason="客户当天补签，来不及重新申请")
        assert row.anomaly and row.expired and row.reason.startswith("客户当天补签")
        html = web(field).get(reverse("seals:register") + "?anomaly=true").content.decode()
        assert "授权过期后用印" in html and "客户当天补签" in html
