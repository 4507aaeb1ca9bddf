import io

import pytest
from PIL import Image

from accounts.audit_model import AuditEvent
from core.errors import Conflict, Forbidden, InvalidInput
from seals import selectors, services
from seals.models import Seal
from storage.registry import get_store
from tests.seals.conftest import seal_png


def _scan_on_white() -> bytes:
    """A seal scanned on slightly grey paper: opaque RGB, no alpha."""
    image = Image.new("RGB", (500, 400), (244, 242, 238))
    stamp = Image.open(io.BytesIO(seal_png())).convert("RGBA")
    image.paste(stamp, (120, 60), stamp)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db
class TestRegister:
    def test_manager_registers_a_seal_with_a_cleaned_image(self, manager, clerk):
        seal = services.register_seal(
            manager, name="公章", kind="company", company="锦绣置业", custodian=clerk, image=_scan_on_white()
        )
        assert seal.status == "registered"
        assert seal.history.get().to_status == "registered"
        with get_store().open(seal.image_sha256) as stream, Image.open(stream) as image:
            assert image.mode == "RGBA"
            # cropped to the impression: the 300 px seal, not the 500x400 scan
            assert max(image.size) <= 310
            assert image.getpixel((0, 0))[3] == 0  # paper corner is transparent
            assert image.getchannel("A").getextrema()[1] == 255  # ink is opaque
        assert seal.image_sha256 in selectors.referenced_blobs()
        assert AuditEvent.objects.filter(action="seal.registered").count() == 1

    @pytest.mark.parametrize("who", ["clerk", "field", "admin", "outsider"])
    def test_only_the_manager_registers(self, users, clerk, who):
        with pytest.raises(Forbidden):
            services.register_seal(users[who], name="公章", kind="company", company="X", custodian=clerk)

    def test_bad_input(self, manager, clerk, outsider):
        with pytest.raises(InvalidInput):
            services.register_seal(manager, name="", kind="company", company="X", custodian=clerk)
        with pytest.raises(InvalidInput):
            services.register_seal(manager, name="a", kind="nope", company="X", custodian=clerk)
        with pytest.raises(InvalidInput):
            services.register_seal(manager, name="a", kind="company", company="X", custodian=outsider)
        with pytest.raises(InvalidInput):
            services.register_seal(
                manager, name="a", kind="company", company="X", custodian=clerk, image=b"no"
            )
        blank = io.BytesIO()
        Image.new("RGB", (50, 50), "white").save(blank, "PNG")
        with pytest.raises(InvalidInput):
            services.register_seal(
                manager, name="a", kind="company", company="X", custodian=clerk, image=blank.getvalue()
            )


@pytest.mark.django_db
class TestLifecycle:
    def test_full_lifecycle(self, manager, make_seal):
        seal = make_seal(active=False)
        seal = services.change_seal_status(manager, seal, to_status="active")
        seal = services.change_seal_status(manager, seal, to_status="suspended", reason="遗失待查")
        seal = services.change_seal_status(manager, seal, to_status="active", reason="找回")
        seal = services.change_seal_status(manager, seal, to_status="destroyed", reason="更换新章")
        steps = [(h.from_status, h.to_status) for h in seal.history.order_by("id")]
        assert steps == [
            ("", "registered"),
            ("registered", "active"),
            ("active", "suspended"),
            ("suspended", "active"),
            ("active", "destroyed"),
        ]
        last = seal.history.first()
        assert last.actor == manager and last.reason == "更换新章" and last.effective_on
        with pytest.raises(Conflict):  # destroyed is final
            services.change_seal_status(manager, seal, to_status="active")

    @pytest.mark.parametrize(
        "start,target",
        [("registered", "suspended"), ("active", "registered"), ("active", "active")],
    )
    def test_wrong_transitions(self, manager, make_seal, start, target):
        seal = make_seal(active=start == "active")
        with pytest.raises(Conflict):
            services.change_seal_status(manager, seal, to_status=target, reason="x")

    def test_suspend_needs_a_reason(self, manager, seal):
        with pytest.raises(InvalidInput):
            services.change_seal_status(manager, seal, to_status="suspended")

    @pytest.mark.parametrize("who", ["clerk", "field", "admin", "outsider"])
    def test_only_the_manager_changes_status(self, users, seal, who):
        with pytest.raises(Forbidden):
            services.change_seal_status(users[who], seal, to_status="suspended", reason="x")
        assert Seal.objects.get(pk=seal.pk).status == "active"


@pytest.mark.django_db
class TestSealApi:
    def test_create_and_list(self, api, manager, clerk):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = api(manager).post(
            "/api/v1/seals/",
            {
                "name": "财务专用章",
                "kind": "finance",
                "company": "锦绣置业",
                "custodian": clerk.pk,
                "size_mm": "38",
                "image": SimpleUploadedFile("seal.png", seal_png()),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "registered" and body["has_image"] and body["kind_label"] == "财务专用章"
        listing = api(clerk).get("/api/v1/seals/?kind=finance").json()
        assert listing["count"] == 1
        status = api(manager).post(f"/api/v1/seals/{body['id']}/status", {"status": "active"}, format="json")
        assert status.status_code == 200 and status.json()["status"] == "active"

    @pytest.mark.parametrize("who", ["clerk", "field"])
    def test_create_forbidden(self, api, users, clerk, who):
        response = api(users[who]).post(
            "/api/v1/seals/",
            {"name": "x", "kind": "company", "company": "y", "custodian": clerk.pk},
            format="json",
        )
        assert response.status_code == 403 and response.json()["error"] == "forbidden"

    def test_outsider_cannot_read(self, api, outsider, seal):
        assert api(outsider).get("/api/v1/seals/").status_code == 403

    def test_wrong_state_is_409(self, api, manager, seal):
        response = api(manager).post(
            f"/api/v1/seals/{seal.pk}/status", {"status": "registered"}, format="json"
        )
        assert response.status_code == 409 and response.json()["error"] == "wrong_state"


@pytest.mark.django_db
def test_image_and_custodian_over_http(api, manager, clerk, field, seal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = seal.image_sha256
    answer = api(manager).post(
        f"/api/v1/seals/{seal.pk}/image",
        {"image": SimpleUploadedFile("s.png", _scan_on_white())},
        format="multipart",
    )
    assert answer.status_code == 200 and Seal.objects.get(pk=seal.pk).image_sha256 != before
    moved = api(manager).post(f"/api/v1/seals/{seal.pk}/custodian", {"custodian": field.pk}, format="json")
    assert moved.status_code == 200 and moved.json()["custodian"] == field.pk
    assert (
        api(clerk)
        .post(f"/api/v1/seals/{seal.pk}/custodian", {"custodian": clerk.pk}, format="json")
        .status_code
        == 403
    )
    assert AuditEvent.objects.filter(action="seal.custodian_changed").count() == 1
