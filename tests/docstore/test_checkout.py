"""Edit check-out / check-in: the lock, forced check-in, expiry sweep, the race, API and pages."""

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.audit_model import AuditEvent
from core.errors import Conflict, Forbidden
from demo.content import make_pdf
from docstore.models import CheckOut, Version
from docstore.services import documents, edit_locks
from docstore.tasks import release_expired_checkouts

pytestmark = pytest.mark.django_db


def _pdf(text="修改稿"):
    return make_pdf(text, [text * 3])


def _version_upload(client, document, data=None, name="v.pdf"):
    return client.post(
        f"/api/v1/documents/{document.pk}/versions/",
        {"file": SimpleUploadedFile(name, data or _pdf())},
        format="multipart",
    )


class TestApi:
    def test_checkout_blocks_others_with_holder_and_since(self, api, clerk, field, document):
        response = api(clerk).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["holder"] == "王芳" and body["released_at"] is None
        expires = timezone.datetime.fromisoformat(body["expires_at"])
        assert timedelta(hours=7, minutes=59) < expires - timezone.now() <= timedelta(hours=8)

        blocked = _version_upload(api(field), document)
        assert blocked.status_code == 409
        error = blocked.json()
        assert error["error"] == "checked_out"
        assert error["holder"] == "王芳"
        assert error["since"].startswith(timezone.localtime(timezone.now()).strftime("%Y-%m-%d"))
        assert "王芳" in error["detail"]
        assert Version.objects.filter(document=document).count() == 1

        assert _version_upload(api(clerk), document, _pdf("本人修改")).status_code == 201

    def test_second_checkout_is_409(self, api, clerk, field, document):
        api(clerk).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        again = api(field).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        assert again.status_code == 409 and again.json()["holder"] == "王芳"
        mine = api(clerk).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        assert mine.status_code == 409 and mine.json()["error"] == "already_checked_out"

    def test_expiry_given_and_bad_expiry(self, api, clerk, document):
        when = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
        response = api(clerk).post(
            f"/api/v1/documents/{document.pk}/checkout", {"expires_at": when.isoformat()}, format="json"
        )
        assert response.status_code == 201
        assert timezone.datetime.fromisoformat(response.json()["expires_at"]) == when
        CheckOut.objects.all().update(released_at=timezone.now())
        past = api(clerk).post(
            f"/api/v1/documents/{document.pk}/checkout",
            {"expires_at": (timezone.now() - timedelta(minutes=1)).isoformat()},
            format="json",
        )
        assert past.status_code == 400 and past.json()["error"] == "invalid_expiry"
        garbage = api(clerk).post(
            f"/api/v1/documents/{document.pk}/checkout", {"expires_at": "tomorrow"}, format="json"
        )
        assert garbage.status_code == 400

    def test_checkin_with_file_adds_version_and_releases(self, api, clerk, field, document):
        client = api(clerk)
        client.post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        response = client.post(
            f"/api/v1/documents/{document.pk}/checkin",
            {"file": SimpleUploadedFile("改.pdf", _pdf("签入稿")), "comment": "改了付款条款"},
            format="multipart",
        )
        assert response.status_code == 200, response.content
        assert response.json()["current_version"]["number"] == 2
        assert response.json()["checked_out_by"] is None
        version = Version.objects.get(document=document, number=2)
        assert version.comment == "改了付款条款"
        assert CheckOut.objects.get(document=document).release_reason == "check_in"
        assert _version_upload(api(field), document).status_code == 201  # free again
        assert AuditEvent.objects.filter(action="checkout.checked_in").exists()

    def test_checkin_without_file(self, api, clerk, document):
        client = api(clerk)
        client.post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        response = client.post(f"/api/v1/documents/{document.pk}/checkin", {}, format="multipart")
        assert response.status_code == 200
        assert response.json()["current_version"]["number"] == 1

    def test_checkin_by_other_or_when_free_is_409(self, api, clerk, field, document):
        free = api(clerk).post(f"/api/v1/documents/{document.pk}/checkin", {}, format="multipart")
        assert free.status_code == 409 and free.json()["error"] == "not_checked_out"
        api(clerk).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        other = api(field).post(f"/api/v1/documents/{document.pk}/checkin", {}, format="multipart")
        assert other.status_code == 409 and other.json()["error"] == "checked_out"

    def test_checkin_with_bad_file_keeps_the_lock(self, api, clerk, document):
        client = api(clerk)
        client.post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        response = client.post(
            f"/api/v1/documents/{document.pk}/checkin",
            {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")},
            format="multipart",
        )
        assert response.status_code == 415
        assert CheckOut.objects.get(document=document).released_at is None

    def test_manager_forces_checkin(self, api, clerk, manager, field, document, web):
        api(clerk).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        response = api(manager).delete(
            f"/api/v1/documents/{document.pk}/checkout", {"reason": "王芳请假"}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["release_reason"] == "forced"
        assert response.json()["released_by"] == "张伟"
        event = AuditEvent.objects.get(action="checkout.forced")
        assert event.details["holder"] == "clerk1" and event.details["reason"] == "王芳请假"
        assert _version_upload(api(field), document).status_code == 201
        # the holder is told: their check-out page lists it
        page = web(clerk).get("/checkouts/").content.decode()
        assert "强制签入" in page and "张伟" in page and "王芳请假" in page

    def test_forced_checkin_mails_the_holder(self, api, clerk, manager, document, mailoutbox, run_on_commit):
        clerk.email = "wangfang@example.com"
        clerk.save()
        edit_locks.lock_for_edit(clerk, document)
        api(manager).delete(f"/api/v1/documents/{document.pk}/checkout")
        assert len(mailoutbox) == 1 and "强制签入" in mailoutbox[0].subject

    @pytest.mark.parametrize("who", ["clerk", "field", "admin"])
    def test_only_manager_forces(self, api, users, clerk, document, who):
        edit_locks.lock_for_edit(users["manager"] if who == "clerk" else clerk, document)
        response = api(users[who]).delete(f"/api/v1/documents/{document.pk}/checkout")
        assert response.status_code == 403

    def test_force_when_free_is_409(self, api, manager, document):
        response = api(manager).delete(f"/api/v1/documents/{document.pk}/checkout")
        assert response.status_code == 409 and response.json()["error"] == "not_checked_out"

    @pytest.mark.parametrize("who", ["outsider", "admin"])
    def test_roles_without_edit_cannot_check_out(self, api, users, document, who):
        response = api(users[who]).post(f"/api/v1/documents/{document.pk}/checkout", {}, format="json")
        assert response.status_code == 403

    def test_template_checkout_only_by_manager(self, api, clerk, manager, make_document, docx_bytes):
        template = make_document(docx_bytes, "范本.docx", code="contract_template", user=manager)
        assert api(clerk).post(f"/api/v1/documents/{template.pk}/checkout").status_code == 403
        assert api(manager).post(f"/api/v1/documents/{template.pk}/checkout").status_code == 201

    def test_my_checkouts_list(self, api, clerk, field, document, make_document, pdf_bytes):
        other = make_document(_pdf("另一份"), "b.pdf")
        edit_locks.lock_for_edit(clerk, document)
        edit_locks.lock_for_edit(field, other)
        body = api(clerk).get("/api/v1/checkouts/").json()
        assert [c["document"] for c in body["results"]] == [document.pk]

    def test_unknown_document_404(self, api, clerk):
        assert api(clerk).post("/api/v1/documents/999999/checkout").status_code == 404


class TestExpiry:
    def _expired(self, clerk, document):
        co = edit_locks.lock_for_edit(clerk, document)
        CheckOut.objects.filter(pk=co.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        return co

    def test_expired_lock_does_not_block(self, clerk, field, document):
        self._expired(clerk, document)
        version = documents.add_version(field, document, file=io.BytesIO(_pdf()), filename="x.pdf")
        assert version.number == 2

    def test_sweep_command_releases(self, clerk, document, make_document):
        self._expired(clerk, document)
        live = edit_locks.lock_for_edit(clerk, make_document(_pdf("另一份"), "b.pdf"))
        out = io.StringIO()
        call_command("release_expired_checkouts", stdout=out)
        assert "released 1" in out.getvalue()
        assert CheckOut.objects.get(document=document).release_reason == "expired"
        live.refresh_from_db()
        assert live.released_at is None
        assert AuditEvent.objects.filter(action="checkout.expired", actor_name="system").count() == 1

    def test_sweep_task(self, clerk, document):
        self._expired(clerk, document)
        result = release_expired_checkouts.enqueue()
        assert result.return_value == 1
        assert CheckOut.objects.filter(released_at__isnull=True).count() == 0

    def test_lazy_release_on_checkout(self, clerk, field, document):
        self._expired(clerk, document)
        new = edit_locks.lock_for_edit(field, document)
        assert new.holder == field
        old = CheckOut.objects.exclude(pk=new.pk).get()
        assert old.release_reason == "expired" and old.released_at is not None

    def test_checkin_after_expiry_is_409(self, clerk, document):
        self._expired(clerk, document)
        with pytest.raises(Conflict):
            edit_locks.unlock_after_edit(clerk, document)


class TestServices:
    def test_generated_versions_skip_the_lock(self, clerk, field, document):
        edit_locks.lock_for_edit(clerk, document)
        with pytest.raises(Conflict):
            documents.add_version(field, document, file=io.BytesIO(_pdf()), filename="x.pdf")
        stamped = documents.add_version(
            field,
            document,
            file=io.BytesIO(_pdf("盖章版")),
            filename="stamped.pdf",
            origin=Version.Origin.STAMP,
            skip_hooks=True,
        )
        assert stamped.number == 2

    def test_outsider_forbidden(self, outsider, document):
        with pytest.raises(Forbidden):
            edit_locks.lock_for_edit(outsider, document)


class TestPages:
    def test_checkout_and_checkin_on_the_page(self, web, clerk, field, document):
        client = web(clerk)
        response = client.post(f"/documents/{document.pk}/checkout/", follow=True)
        page = response.content.decode()
        assert "已签出" in page and 'data-testid="lock-badge"' in page
        other = web(field).get(f"/documents/{document.pk}/").content.decode()
        assert "王芳 于" in other and "上传新版本" not in other

    def test_upload_by_other_while_locked_is_409_page(self, web, client, clerk, field, document):
        edit_locks.lock_for_edit(clerk, document)
        client.force_login(field)
        response = client.post(
            f"/documents/{document.pk}/versions/", {"file": SimpleUploadedFile("v.pdf", _pdf())}
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert "王芳" in page and "签出" in page

    def test_checkin_page_with_file(self, web, clerk, document):
        client = web(clerk)
        edit_locks.lock_for_edit(clerk, document)
        response = client.post(
            f"/documents/{document.pk}/checkin/",
            {"file": SimpleUploadedFile("v2.pdf", _pdf("第二稿")), "comment": "二稿"},
            follow=True,
        )
        assert "已签入，并添加第 2 版" in response.content.decode()

    def test_force_on_page_and_forbidden_for_clerk(self, web, client, clerk, manager, document):
        edit_locks.lock_for_edit(clerk, document)
        assert web(clerk).post(f"/documents/{document.pk}/force-checkin/").status_code == 403
        client.force_login(manager)
        page = client.get(f"/documents/{document.pk}/").content.decode()
        assert "强制签入" in page
        response = client.post(f"/documents/{document.pk}/force-checkin/", {"reason": "急用"}, follow=True)
        assert "已强制签入" in response.content.decode()

    def test_my_checkouts_page(self, web, clerk, document):
        edit_locks.lock_for_edit(clerk, document)
        page = web(clerk).get("/checkouts/").content.decode()
        assert document.title in page and "我的签出" in page

    def test_list_filter_checked_out(self, api, clerk, document, make_document):
        make_document(_pdf("未签出"), "free.pdf")
        edit_locks.lock_for_edit(clerk, document)
        body = api(clerk).get("/api/v1/documents/?checked_out=true").json()
        assert [d["id"] for d in body["results"]] == [document.pk]
        assert body["results"][0]["checked_out_by"] == "王芳"
        assert api(clerk).get("/api/v1/documents/?checked_out=false").json()["count"] == 1


@pytest.mark.django_db(transaction=True)
def test_race_exactly_one_wins(flushable_db, clerk, field, field2, document):
    """Three users click "check out" at the same moment: one lock, the others see 409."""
    from django.db import OperationalError, close_old_connections

    racers = [clerk, field, field2]
    barrier = threading.Barrier(len(racers))
    results = []

    def race(user):
        close_old_connections()
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    edit_locks.lock_for_edit(user, document)
                    results.append(("won", user.username))
                    return
                except OperationalError:  # SQLite shared-cache "table is locked": retry like a client
                    time.sleep(0.01)
            results.append(("gave up", user.username))
        except Conflict as exc:
            results.append((exc.code, user.username))
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            results.append((repr(exc), user.username))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == ["checked_out", "checked_out", "won"], results
    assert CheckOut.objects.filter(document=document, released_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_second_active_checkout(flushable_db, clerk, field, document):
    from django.db import IntegrityError

    now = timezone.now()
    CheckOut.objects.create(document=document, holder=clerk, checked_out_at=now, expires_at=now)
    with pytest.raises(IntegrityError):
        CheckOut.objects.create(document=document, holder=field, checked_out_at=now, expires_at=now)
