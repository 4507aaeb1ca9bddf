"""Electronic stamping: the image where it was placed, cross-page strips, the signature, the rules."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from core.errors import Conflict, Forbidden
from demo.content import CONTRACT_CLAUSES, make_pdf
from docstore.models import Version
from seals import services
from seals.engine import signing
from seals.engine.stamp import page_box, stamp_pdf
from seals.models import Impression
from storage.registry import get_store
from tests.seals.conftest import seal_png
from tests.seals.pdfcheck import red_fraction, strip_red


def _stamp(pdf, **kw):
    kw.setdefault("placements", [])
    out, _made = stamp_pdf(pdf, seal_png(), size_mm=40, **kw)
    return out


class TestEngine:
    def test_seal_red_where_placed_and_text_still_visible(self):
        pdf = make_pdf("合同", CONTRACT_CLAUSES, pages=1)
        out = _stamp(pdf, placements=[{"page": 1, "x": 150, "y": 60}])
        assert red_fraction(out, 1, (145, 55, 155, 65)) > 0.3  # the star in the middle
        assert red_fraction(out, 1, (30, 55, 60, 65)) == 0  # nowhere else
        assert red_fraction(pdf, 1, (145, 55, 155, 65)) == 0
        # the original content is left as it was: the new file starts with the old bytes
        assert out.startswith(pdf)

    def test_multiply_blend_keeps_text_under_the_seal(self):
        pdf = make_pdf("合同", CONTRACT_CLAUSES, pages=1)
        # text starts at 20 mm from the left, about 60 mm below the top (A4 is 297 mm high)
        out = _stamp(pdf, placements=[{"page": 1, "x": 40, "y": 240}])
        reader = PdfReader(io.BytesIO(out))
        resources = reader.pages[0]["/Resources"]
        gs = resources["/ExtGState"]["/PTInk"]
        assert gs["/BM"] == "/Multiply"
        image = resources["/XObject"]["/PTSeal"]
        assert "/SMask" in image
        import pypdfium2 as pdfium

        text = pdfium.PdfDocument(io.BytesIO(out))[0].get_textpage().get_text_range()
        assert "出卖人" in text

    @pytest.mark.parametrize("rotation", [90, 180, 270])
    def test_rotated_pages_use_the_page_as_seen(self, rotation):
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("合同", ["甲"], pages=1))))
        writer.pages[0].rotate(rotation)
        buf = io.BytesIO()
        writer.write(buf)
        out = _stamp(buf.getvalue(), placements=[{"page": 1, "x": 40, "y": 40}])
        assert red_fraction(out, 1, (36, 36, 44, 44)) > 0.3
        w, h = (297, 210) if rotation in (90, 270) else (210, 297)
        assert red_fraction(out, 1, (w - 44, h - 44, w - 36, h - 36)) == 0

    def test_mediabox_not_at_origin(self):
        from pypdf import PdfWriter
        from pypdf.generic import RectangleObject

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("合同", ["甲"], pages=1))))
        page = writer.pages[0]
        page.mediabox = RectangleObject([100, 200, 100 + 595, 200 + 842])
        buf = io.BytesIO()
        writer.write(buf)
        box = page_box(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
        assert box.matrix[4:] == (100, 200)
        out = _stamp(buf.getvalue(), placements=[{"page": 1, "x": 40, "y": 40}])
        assert red_fraction(out, 1, (36, 36, 44, 44)) > 0.3

    @pytest.mark.parametrize("pages", [1, 2, 10])
    def test_cross_page_strips_on_the_right_edge_of_every_page(self, pages):
        pdf = make_pdf("借款合同", ["甲方", "乙方"], pages=pages, landscape_pages=(2,) if pages > 1 else ())
        out = _stamp(pdf, cross_page=True)
        strip = 40 / pages
        for page in range(1, pages + 1):
            inside, outside = strip_red(out, page, strip, 40)
            assert inside > 0.02, f"page {page}: no seal in its strip"
            assert outside == 0, f"page {page}: seal outside its strip"

    def test_cross_page_200_pages(self):
        pdf = make_pdf("借款合同", ["甲方"], pages=200)
        out = _stamp(pdf, cross_page=True)
        reader = PdfReader(io.BytesIO(out))
        assert len(reader.pages) == 200
        strip = 40 / 200
        width = 595.2756
        mm = 72 / 25.4
        for index, page in enumerate(reader.pages):
            contents = page["/Contents"]
            last = contents[-1].get_object().get_data().decode()
            # the clip rectangle is the last `strip` of the page's width; the image moves by one strip per page
            clip = last.split(" re W n ")[0].split("q ")[-1].split()
            assert float(clip[0]) == pytest.approx(width - strip * mm, abs=0.01)
            assert float(clip[2]) == pytest.approx(strip * mm, abs=0.01)
            image_x = float(last.split(" re W n ")[1].split()[4])
            assert image_x == pytest.approx(width - (index + 1) * strip * mm, abs=0.01)
        # the edge strips (pages 1 and 200) are the thin anti-aliased sides of the ring; look at inner ones
        for page in (50, 100, 150):
            inside, outside = strip_red(out, page, strip, 40, scale=20)
            assert inside > 0 and outside == 0


def _verify(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data))
    context = ValidationContext(trust_roots=list(signing.identity().trust_roots), allow_fetching=False)
    return validate_pdf_signature(reader.embedded_signatures[0], context)


@pytest.mark.django_db
class TestStampService:
    def test_requester_stamps_the_approved_item(self, field, make_request, version):
        req = make_request("approved")
        item = req.items.get()
        new = services.stamp_item(field, item)
        assert new.document_id == version.document_id and new.number == version.number + 1
        assert new.origin == "stamp" and new.origin_detail == {"seal_request_item": item.pk}
        assert Version.objects.get(pk=version.pk).sha256 == version.sha256  # untouched
        with get_store().open(new.sha256) as stream:
            data = stream.read()
        assert red_fraction(data, 1, (145, 55, 155, 65)) > 0.3
        status = _verify(data)
        assert status.intact and status.valid and status.trusted
        item.refresh_from_db()
        req.refresh_from_db()
        assert item.used == 2 and req.status == "stamped"
        row = Impression.objects.get()
        assert (row.count, row.mode, row.result_version, row.approver) == (
            2,
            "electronic",
            new,
            req.decided_by,
        )

    def test_custodian_may_stamp_others_may_not(self, clerk, field2, manager, make_request):
        req = make_request("approved")
        item = req.items.get()
        for who in (field2, manager):
            with pytest.raises(Forbidden):
                services.stamp_item(who, item)
        assert services.stamp_item(clerk, item).origin == "stamp"  # clerk keeps the seal

    @pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "returned", "withdrawn", "closed"])
    def test_not_approved_is_409(self, field, make_request, state):
        req = make_request(state)
        with pytest.raises(Conflict):
            services.stamp_item(field, req.items.get())

    def test_passing_the_count_refused(self, field, make_request):
        req = make_request("approved", impressions=3)
        item = req.items.get()
        services.stamp_item(field, item)  # 2 of 3
        item.refresh_from_db()
        req.refresh_from_db()
        assert req.status == "partly_stamped"
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, item)
        assert exc.value.code == "impressions_exceeded"
        item.refresh_from_db()
        assert item.used == 2 and Impression.objects.count() == 1

    def test_wrong_version_refused(self, field, clerk, make_request, version, pdf_bytes):
        from docstore.services import documents

        req = make_request("approved")
        item = req.items.get()
        other = documents.add_version(
            clerk, version.document, file=io.BytesIO(pdf_bytes + b"\n"), filename="b.pdf"
        )
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, item, version=other)
        assert exc.value.code == "version_mismatch"

    def test_changed_bytes_in_the_store_refused(self, field, make_request, version, store):
        req = make_request("approved")
        path = store.path_for(version.sha256)
        path.chmod(0o644)
        path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOF\n%x"))
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, req.items.get())
        assert exc.value.code == "version_changed"

    def test_seal_suspended_after_approval_refused(self, field, manager, seal, make_request):
        req = make_request("approved")
        services.change_seal_status(manager, seal, to_status="suspended", reason="遗失")
        with pytest.raises(Conflict) as exc:
            services.stamp_item(field, req.items.get())
        assert exc.value.code == "seal_not_active"

    def test_physical_item_cannot_be_stamped_electronically(self, field, make_request):
        req = make_request("approved", mode="physical", cross_page=False, placements=[])
        with pytest.raises(Conflict):
            services.stamp_item(field, req.items.get())


@pytest.mark.django_db
class TestApi:
    def test_full_flow_over_http(self, api, field, manager, seal, version):
        body = {
            "purpose": "借款合同盖章",
            "recipient": "bank",
            "items": [
                {
                    "version": version.pk,
                    "seal": seal.pk,
                    "impressions": 2,
                    "cross_page": True,
                    "mode": "electronic",
                    "placements": [{"page": 1, "x": 150, "y": 60}],
                }
            ],
        }
        created = api(field).post("/api/v1/seal-requests/", body, format="json")
        assert created.status_code == 201, created.content
        req = created.json()
        item_id = req["items"][0]["id"]
        assert req["status"] == "draft" and item_id
        rid = req["id"]
        assert api(field).post(f"/api/v1/seal-requests/{rid}/submit").json()["status"] == "submitted"
        own = api(field).post(f"/api/v1/seal-requests/{rid}/approve", {"comment": "x"}, format="json")
        assert own.status_code == 403
        approved = api(manager).post(
            f"/api/v1/seal-requests/{rid}/approve", {"comment": "同意"}, format="json"
        )
        assert (
            approved.status_code == 200
            and approved.json()["approval"]["items"][str(item_id)] == version.sha256
        )
        stamped = api(field).post(f"/api/v1/seal-requests/{rid}/stamp", {"item": item_id}, format="json")
        assert stamped.status_code == 201, stamped.content
        new = stamped.json()
        assert new["origin"] == "stamp" and new["number"] == 2
        again = api(field).post(f"/api/v1/seal-requests/{rid}/stamp", {"item": item_id}, format="json")
        assert again.status_code == 409 and again.json()["error"] == "impressions_exceeded"
        assert "超过批准的用印次数" in again.json()["detail"]

        # verification: intact, then one changed byte says modified
        data = api(field).get(new["content_url"])
        content = b"".join(data.streaming_content) if data.streaming else data.content
        ok = api(field).post("/api/v1/verify", {"file": io.BytesIO(content)}, format="multipart").json()
        assert (
            ok["status"] == "intact" and ok["issued_here"] and ok["request"] == rid and ok["item"] == item_id
        )
        assert ok["seal"]["name"] == seal.name and ok["approved_by"] == str(manager)
        tampered = bytearray(content)
        at = tampered.find(b"BT")
        tampered[at + 3] = ord("9") if tampered[at + 3] != ord("9") else ord("8")
        bad = (
            api(field)
            .post("/api/v1/verify", {"file": io.BytesIO(bytes(tampered))}, format="multipart")
            .json()
        )
        assert bad["status"] == "modified" and not bad["intact"] and bad["item"] == item_id
        appended = (
            api(field)
            .post(
                "/api/v1/verify",
                {"file": io.BytesIO(content + b"\n1 0 obj\n(x)\nendobj\n")},
                format="multipart",
            )
            .json()
        )
        assert appended["status"] == "modified"

    @pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
    def test_verify_works_for_anyone_logged_in(self, api, users, pdf_bytes, who):
        answer = api(users[who]).post("/api/v1/verify", {"file": io.BytesIO(pdf_bytes)}, format="multipart")
        assert answer.status_code == 200 and answer.json()["status"] == "unknown"
        assert not answer.json()["issued_here"]

    def test_verify_anonymous_401_and_not_pdf_400(self, api, field):
        from tests.conftest import api_client

        assert api_client().post("/api/v1/verify", {}, format="multipart").status_code == 401
        bad = api(field).post("/api/v1/verify", {"file": io.BytesIO(b"hello")}, format="multipart")
        assert bad.status_code == 400

    def test_create_with_damaged_pdf_400(self, api, field, clerk, seal, version):
        data = b"%PDF-1.4\nbroken"
        sha = get_store().put(io.BytesIO(data)).sha256
        bad = Version.objects.create(
            document=version.document,
            number=7,
            sha256=sha,
            size=len(data),
            filename="x.pdf",
            media_type="application/pdf",
            created_by=clerk,
        )
        body = {
            "purpose": "x",
            "recipient": "bank",
            "items": [{"version": bad.pk, "seal": seal.pk, "mode": "electronic"}],
        }
        answer = api(field).post("/api/v1/seal-requests/", body, format="json")
        assert answer.status_code == 400 and answer.json()["error"] == "damaged_pdf"
        assert hashlib.sha256(data).hexdigest() == sha


@pytest.mark.django_db
def test_a_stamped_version_can_be_stamped_again_and_still_verifies(
    api, field, manager, make_request, make_seal
):
    first = make_request("approved")
    stamped = services.stamp_item(field, first.items.get())
    company = make_seal(name="公章", kind="company")
    second = make_request(
        "approved",
        version=stamped,
        seal=company,
        impressions=1,
        cross_page=False,
        placements=[{"page": 2, "x": 60, "y": 60}],
    )
    again = services.stamp_item(field, second.items.get())
    with get_store().open(again.sha256) as stream:
        data = stream.read()
    assert red_fraction(data, 2, (56, 56, 64, 64)) > 0.3
    answer = api(field).post("/api/v1/verify", {"file": io.BytesIO(data)}, format="multipart").json()
    assert answer["status"] == "intact" and answer["request"] == second.pk
    with get_store().open(stamped.sha256) as stream:
        earlier = stream.read()
    older = api(field).post("/api/v1/verify", {"file": io.BytesIO(earlier)}, format="multipart").json()
    assert older["status"] == "intact" and older["request"] == first.pk


@pytest.mark.django_db
def test_pdf_with_a_broken_xref_table_is_rewritten_then_signed(field, make_request, make_pdf_version):
    """Readers repair a wrong xref offset on the fly; a signature over an appended update cannot: rewrite."""
    good = make_pdf("借款合同", ["甲方"], pages=2)
    broken = good.replace(b"\n1 0 obj", b"\n% shifted\n1 0 obj", 1)
    assert broken != good
    version = make_pdf_version(data=broken)
    req = make_request("approved", version=version)
    new = services.stamp_item(field, req.items.get())
    with get_store().open(new.sha256) as stream:
        data = stream.read()
    assert _verify(data).intact
    assert red_fraction(data, 1, (145, 55, 155, 65)) > 0.3
