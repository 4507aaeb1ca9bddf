"""Attachments (several at once, listed, zipped while streaming), duplicates, list filters and sorting."""

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from demo.content import make_pdf, make_png
from docstore.models import Document
from docstore.services import edit_locks

pytestmark = pytest.mark.django_db


def _files(*names):
    return [SimpleUploadedFile(name, make_png(width=100 + i, height=80)) for i, name in enumerate(names)]


class TestAttachments:
    def test_several_at_once_api(self, api, field, document):
        response = api(field).post(
            f"/api/v1/documents/{document.pk}/attachments",
            {"files": _files("身份证.png", "户型图.png", "收据.png")},
            format="multipart",
        )
        assert response.status_code == 201, response.content
        assert [d["title"] for d in response.json()] == ["身份证.png", "户型图.png", "收据.png"]
        assert Document.objects.filter(parent=document, dossier=document.dossier).count() == 3
        listed = api(field).get(f"/api/v1/documents/{document.pk}/attachments").json()
        assert len(listed) == 3

    def test_one_bad_file_refuses_the_batch(self, api, clerk, document):
        files = _files("ok.png") + [SimpleUploadedFile("virus.exe", b"MZ\x90\x00")]
        response = api(clerk).post(
            f"/api/v1/documents/{document.pk}/attachments", {"files": files}, format="multipart"
        )
        assert response.status_code == 415 and "virus.exe" in response.json()["detail"]
        assert not Document.objects.filter(parent=document).exists()

    def test_no_files_400_and_outsider_403(self, api, clerk, outsider, document):
        assert (
            api(clerk)
            .post(f"/api/v1/documents/{document.pk}/attachments", {}, format="multipart")
            .status_code
            == 400
        )
        response = api(outsider).post(
            f"/api/v1/documents/{document.pk}/attachments", {"files": _files("a.png")}, format="multipart"
        )
        assert response.status_code == 403

    def test_page_upload_and_listing(self, web, clerk, document):
        client = web(clerk)
        response = client.post(
            f"/documents/{document.pk}/attachments/", {"files": _files("甲.png", "乙.png")}, follow=True
        )
        page = response.content.decode()
        assert "已添加 2 个附件" in page and "甲.png" in page and "乙.png" in page
        assert "multiple" in client.get(f"/documents/{document.pk}/").content.decode()
        dossier_page = client.get(f"/dossiers/{document.dossier_id}/").content.decode()
        assert "甲.png" in dossier_page and f"/documents/{document.pk}/attachments.zip" in dossier_page

    def test_zip_is_streamed_and_complete(self, web, api, clerk, document):
        files = _files("身份证.png", "身份证.png", "收据.png")
        expected = [hashlib.sha256(f.read()).hexdigest() for f in files]
        for f in files:
            f.seek(0)
        api(clerk).post(f"/api/v1/documents/{document.pk}/attachments", {"files": files}, format="multipart")
        for url in (
            f"/documents/{document.pk}/attachments.zip",
            f"/api/v1/documents/{document.pk}/attachments.zip",
        ):
            client = web(clerk) if not url.startswith("/api") else api(clerk)
            response = client.get(url)
            assert response.status_code == 200 and response.streaming
            assert response["Content-Type"] == "application/zip"
            chunks = list(response.streaming_content)
            assert len(chunks) > 1  # written while streaming, not built in memory first
            archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
            assert archive.namelist() == ["身份证.png", "身份证(1).png", "收据.png"]
            assert [hashlib.sha256(archive.read(n)).hexdigest() for n in archive.namelist()] == expected

    def test_zip_without_attachments_404(self, web, clerk, document):
        assert web(clerk).get(f"/documents/{document.pk}/attachments.zip").status_code == 404


class TestDuplicates:
    def test_api_409_with_locations_then_allowed(self, api, clerk, document, pdf_bytes, dossier):
        payload = {"file": SimpleUploadedFile("again.pdf", pdf_bytes), "doc_type": "other"}
        response = api(clerk).post("/api/v1/documents/", payload, format="multipart")
        assert response.status_code == 409
        body = response.json()
        assert body["error"] == "duplicate"
        assert body["locations"][0]["document"] == document.pk
        assert body["locations"][0]["dossier"] == dossier.pk
        assert "3-1502" in body["locations"][0]["dossier_label"]
        again = api(clerk).post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("again.pdf", pdf_bytes),
                "doc_type": "other",
                "allow_duplicate": "true",
            },
            format="multipart",
        )
        assert again.status_code == 201

    def test_page_confirm_step(self, web, clerk, document, pdf_bytes):
        client = web(clerk)
        response = client.post(
            "/documents/new/",
            {"file": SimpleUploadedFile("again.pdf", pdf_bytes), "doc_type": "other", "title": "复印件"},
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert 'data-testid="duplicates"' in page and document.title in page and "3-1502" in page
        token = response.context["duplicate_token"]
        before = Document.objects.count()
        confirmed = client.post(
            "/documents/new/",
            {"duplicate_token": token, "confirm": "yes", "doc_type": "other", "title": "复印件"},
        )
        assert confirmed.status_code == 302
        assert Document.objects.count() == before + 1
        assert Document.objects.get(title="复印件").current_version.sha256 == document.current_version.sha256

    def test_forged_token_is_ignored(self, web, clerk, document):
        response = web(clerk).post(
            "/documents/new/", {"duplicate_token": "forged", "confirm": "yes", "doc_type": "other"}
        )
        assert response.status_code == 200 and not Document.objects.filter(doc_type__code="other").exists()

    def test_new_bytes_upload_directly(self, web, clerk, document):
        response = web(clerk).post(
            "/documents/new/",
            {"file": SimpleUploadedFile("new.pdf", make_pdf("新", ["新文件"])), "doc_type": "other"},
        )
        assert response.status_code == 302


class TestLists:
    @pytest.fixture
    def many(self, clerk, field, dossier, make_document):
        docs = []
        for i in range(30):
            doc = make_document(
                make_pdf(f"文档{i}", [f"内容{i}"]),
                f"d{i}.pdf",
                title=f"文档{i:02}",
                code="loan_contract" if i % 3 == 0 else "other",
                user=field if i % 2 else clerk,
            )
            docs.append(doc)
        edit_locks.lock_for_edit(clerk, docs[0])
        return docs

    def test_filters(self, api, clerk, many, dossier):
        client = api(clerk)
        assert client.get("/api/v1/documents/?doc_type=loan_contract").json()["count"] == 10
        assert client.get(f"/api/v1/documents/?dossier={dossier.pk}").json()["count"] == 30
        assert client.get("/api/v1/documents/?created_by=field1").json()["count"] == 15
        assert client.get("/api/v1/documents/?checked_out=true").json()["count"] == 1
        today = timezone.localdate()
        assert client.get(f"/api/v1/documents/?created_after={today}").json()["count"] == 30
        tomorrow = today + timedelta(days=1)
        assert client.get(f"/api/v1/documents/?created_after={tomorrow}").json()["count"] == 0
        assert client.get(f"/api/v1/documents/?created_before={today}&doc_type=other").json()["count"] == 20

    def test_sorting(self, api, clerk, many):
        client = api(clerk)
        titles = [
            d["title"] for d in client.get("/api/v1/documents/?ordering=title&page_size=5").json()["results"]
        ]
        assert titles == ["文档00", "文档01", "文档02", "文档03", "文档04"]
        titles = [
            d["title"] for d in client.get("/api/v1/documents/?ordering=-title&page_size=2").json()["results"]
        ]
        assert titles == ["文档29", "文档28"]
        assert client.get("/api/v1/documents/?ordering=bogus").status_code == 400

    def test_page_filters_and_sort(self, web, clerk, many):
        page = web(clerk).get("/documents/?doc_type=loan_contract&ordering=title").content.decode()
        assert "文档00" in page and "文档01" not in page
        assert page.index("文档00") < page.index("文档03")

    def test_query_count_constant_api(self, api, clerk, many, django_assert_max_num_queries):
        client = api(clerk)
        with django_assert_max_num_queries(6):
            small = client.get("/api/v1/documents/?page_size=5&checked_out=false&ordering=-created_at")
        with django_assert_max_num_queries(6):
            big = client.get("/api/v1/documents/?page_size=30")
        assert len(small.json()["results"]) == 5 and len(big.json()["results"]) == 30

    def test_query_count_constant_pages(self, web, clerk, many, dossier, django_assert_max_num_queries):
        client = web(clerk)
        client.get("/documents/")  # warm the session
        # 10, plus the person's saved filters (1) and the status badges (seals 1: whether a pending approval step
        # names them; archive 2): constant per page
        with django_assert_max_num_queries(14):
            assert client.get("/documents/?ordering=title").status_code == 200
        with django_assert_max_num_queries(13):
            assert client.get(f"/dossiers/{dossier.pk}/").status_code == 200
        # on PostgreSQL a search adds 4 statements: the planner settings that make it read the text index
        with django_assert_max_num_queries(11 + (4 if connection.vendor == "postgresql" else 0)):
            assert client.get("/search/?q=内容").status_code == 200
