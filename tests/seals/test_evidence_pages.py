"""Evidence of paper stamping over HTTP: the API the phone capture calls, the pages, the manager's home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from seals import services
from seals.models import SealRequest, StampEvidence
from tests.seals.photos import photos, uploads


def _url(item):
    return f"/api/v1/seal-requests/{item.request_id}/items/{item.pk}/evidence"


@pytest.mark.django_db
class TestApi:
    def test_upload_then_list(self, api, clerk, field, approved_item):
        posted = api(clerk).post(
            _url(approved_item), {"files": uploads(photos(extra=True))}, format="multipart"
        )
        assert posted.status_code == 201, posted.content
        body = posted.json()
        assert body["status"] == "mismatch" and body["impressions_found"] == 3
        assert body["findings"] == [{"code": "impressions_extra", "expected": 2, "found": 3}]
        assert body["findings_text"] == ["印章多于批准：批准 2 个，识别到 3 个"]
        assert body["detail_url"] == reverse("seals:evidence-detail", args=[body["id"]])
        listed = api(field).get(_url(approved_item))
        assert listed.status_code == 200 and [e["id"] for e in listed.json()] == [body["id"]]

    def test_manager_accepts(self, api, clerk, manager, approved_item):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos(extra=True)))
        url = f"/api/v1/seal-evidence/{evidence.pk}/accept"
        assert api(clerk).post(url, {"note": "x"}, format="json").status_code == 403
        assert api(manager).post(url, {}, format="json").status_code == 400
        done = api(manager).post(url, {"note": "另一枚是作废重盖"}, format="json")
        assert done.status_code == 200 and done.json()["status"] == "accepted"
        again = api(manager).post(url, {"note": "再次"}, format="json")
        assert again.status_code == 409

    def test_errors(self, api, clerk, field2, approved_item, make_request):
        assert api(clerk).post(_url(approved_item), {}, format="multipart").status_code == 400
        assert (
            api(field2)
            .post(_url(approved_item), {"files": uploads(photos())}, format="multipart")
            .status_code
            == 403
        )
        other = make_request("approved", mode="physical", cross_page=False, placements=[])
        wrong = f"/api/v1/seal-requests/{other.pk}/items/{approved_item.pk}/evidence"
        assert api(clerk).get(wrong).status_code == 404  # the item is not on that request
        text = api(clerk).post(_url(approved_item), {"files": [_text_file()]}, format="multipart")
        assert text.status_code == 415 and text.json()["error"] == "unsupported_evidence"
        from tests.conftest import api_client

        assert api_client().get(_url(approved_item)).status_code == 401
        assert not StampEvidence.objects.exists()


def _text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("notes.txt", b"not a photo", "text/plain")


@pytest.mark.django_db
class TestPages:
    def test_upload_from_the_item_page_then_side_by_side(self, web, clerk, approved_item):
        client = web(clerk)
        page = client.get(reverse("seals:item-evidence", args=[approved_item.pk]))
        assert page.status_code == 200 and 'name="files"' in page.content.decode()
        posted = client.post(
            reverse("seals:item-evidence", args=[approved_item.pk]),
            {"files": uploads(photos(pages=(1, 2, 4)))},
        )
        evidence = StampEvidence.objects.get()
        assert posted.status_code == 302 and posted["Location"] == evidence.get_absolute_url()
        detail = client.get(evidence.get_absolute_url()).content.decode()
        assert "缺少第 3 页" in detail and "页数不符：批准 4 页，凭证 3 页" in detail
        approved_img = reverse("seals:evidence-page", args=[evidence.pk, "approved", 3])
        evidence_img = reverse("seals:evidence-page", args=[evidence.pk, "evidence", 3])
        assert approved_img in detail and evidence_img in detail  # page 4 of the approved is the photo's 3rd
        assert "凭证中缺少此页" in detail
        png = client.get(evidence_img)
        assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
        assert client.get(reverse("seals:evidence-page", args=[evidence.pk, "other", 1])).status_code == 404
        assert (
            client.get(reverse("seals:evidence-page", args=[evidence.pk, "evidence", 9])).status_code == 404
        )
        assert "核实并接受" not in detail  # the clerk may not accept

    def test_the_request_page_links_a_physical_item_to_its_evidence(self, web, field, approved_item):
        page = web(field).get(approved_item.request.get_absolute_url()).content.decode()
        assert reverse("seals:item-evidence", args=[approved_item.pk]) in page

    def test_a_refused_upload_says_why(self, web, field2, approved_item):
        response = web(field2).post(
            reverse("seals:item-evidence", args=[approved_item.pk]), {"files": uploads(photos())}
        )
        assert response.status_code == 403
        assert "只有印章保管人、申请人或经理可以上传用印凭证" in response.content.decode()

    def test_the_manager_accepts_on_the_page(self, web, clerk, manager, approved_item):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos(extra=True)))
        client = web(manager)
        assert "核实并接受" in client.get(evidence.get_absolute_url()).content.decode()
        client.post(reverse("seals:evidence-accept", args=[evidence.pk]), {"note": "已核实"})
        evidence.refresh_from_db()
        assert evidence.status == "accepted" and evidence.accept_note == "已核实"


@pytest.mark.django_db
class TestManagerHome:
    def test_mismatch_and_overdue_are_anomalies_with_the_pages_side_by_side(
        self, web, clerk, manager, approved_item, make_pdf_version, make_request
    ):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos(extra=True)))
        late = make_request(
            "approved",
            version=make_pdf_version(pages=1),
            mode="physical",
            impressions=1,
            cross_page=False,
            placements=[],
        )
        SealRequest.objects.filter(pk=late.pk).update(decided_at=timezone.now() - datetime.timedelta(days=5))
        page = web(manager).get("/").content.decode()
        assert 'id="sec-stamp_evidence"' in page
        assert evidence.get_absolute_url() in page and "印章多于批准：批准 2 个，识别到 3 个" in page
        # a count over the whole item: the first page with a seal, approved and photographed, side by side
        assert reverse("seals:evidence-page", args=[evidence.pk, "approved", 1]) in page
        assert reverse("seals:evidence-page", args=[evidence.pk, "evidence", 1]) in page
        assert reverse("seals:item-evidence", args=[late.items.get().pk]) in page
        assert "批准 3 天后仍无用印凭证" in page

    def test_nothing_to_show(self, web, manager):
        page = web(manager).get("/").content.decode()
        assert "用印凭证都相符，也没有逾期未交的凭证。" in page

    def test_not_on_the_clerks_home(self, web, clerk):
        assert 'id="sec-stamp_evidence"' not in web(clerk).get("/").content.decode()
