import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from accounts.audit_model import AuditEvent
from docstore.models import Document, ImmutableError, Version
from docstore.services import documents, dossiers
from tests.conftest import api_client


@pytest.mark.django_db
class TestDossiers:
    payload = {
        "project": "锦绣花园",
        "building": "5",
        "unit": "0801",
        "customers": [{"name": "赵丽", "id_number": "310101199001019877"}],
    }

    def test_clerk_and_manager_create(self, api, clerk, manager):
        response = api(clerk).post("/api/v1/dossiers/", self.payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["unit_label"] == "5-0801"
        assert body["customers"] == [{"name": "赵丽", "id_number": "310101199001019877"}]
        again = api(manager).post("/api/v1/dossiers/", self.payload, format="json")
        assert again.status_code == 409 and again.json()["error"] == "duplicate_dossier"

    @pytest.mark.parametrize("who", ["field", "outsider"])
    def test_other_roles_cannot_create(self, api, users, who):
        response = api(users[who]).post("/api/v1/dossiers/", self.payload, format="json")
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"

    def test_anonymous_is_401(self):
        assert api_client().get("/api/v1/dossiers/").status_code == 401

    def test_missing_fields_400(self, api, clerk):
        response = api(clerk).post("/api/v1/dossiers/", {"project": "x"}, format="json")
        assert response.status_code == 400 and response.json()["error"] == "invalid"

    def test_filters(self, api, clerk, dossier):
        dossiers.create_dossier(
            clerk, project="滨江一号", building="2", unit="2203", customers=[{"name": "孙强"}]
        )
        client = api(clerk)
        assert client.get("/api/v1/dossiers/?unit=3-1502").json()["count"] == 1
        assert client.get("/api/v1/dossiers/?unit=2203").json()["count"] == 1
        assert client.get("/api/v1/dossiers/?customer=陈").json()["results"][0]["unit"] == "1502"
        assert client.get("/api/v1/dossiers/?customer=110101198003071234").json()["count"] == 1
        assert client.get("/api/v1/dossiers/?project=滨江").json()["count"] == 1
        assert client.get("/api/v1/dossiers/?building=3").json()["count"] == 1

    @pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
    def test_every_role_reads(self, api, users, who, dossier):
        assert api(users[who]).get("/api/v1/dossiers/").status_code == 200
        assert api(users[who]).get(f"/api/v1/dossiers/{dossier.pk}/").status_code == 200

    def test_outsider_cannot_read(self, api, outsider, dossier):
        assert api(outsider).get("/api/v1/dossiers/").status_code == 403

    def test_list_query_count_is_constant(self, api, clerk, django_assert_max_num_queries):
        for i in range(30):
            dossiers.create_dossier(
                clerk,
                project="P",
                building="1",
                unit=f"{i:04}",
                customers=[{"name": f"客户{i}"}, {"name": "乙"}],
            )
        client = api(clerk)
        with django_assert_max_num_queries(6):
            response = client.get("/api/v1/dossiers/?page_size=30")
        assert len(response.json()["results"]) == 30


@pytest.mark.django_db
class TestDocuments:
    def test_create_answers_current_version(self, api, field, dossier, pdf_bytes):
        response = api(field).post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("合同.pdf", pdf_bytes),
                "title": "抵押合同",
                "doc_type": "mortgage_contract",
                "dossier": dossier.pk,
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        version = body["current_version"]
        assert version["number"] == 1
        assert version["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()
        assert version["size"] == len(pdf_bytes)
        assert version["page_count"] == 2
        assert version["media_type"] == "application/pdf"
        assert version["filename"] == "合同.pdf"
        assert AuditEvent.objects.filter(action="document.created", object_id=str(body["id"])).exists()

    def test_docx_and_images(self, api, clerk, docx_bytes, png_bytes):
        from demo.content import make_png

        client = api(clerk)
        docx = client.post(
            "/api/v1/documents/",
            {"file": SimpleUploadedFile("a.docx", docx_bytes), "doc_type": "supplementary_agreement"},
            format="multipart",
        ).json()
        assert docx["current_version"]["media_type"].endswith("wordprocessingml.document")
        from PIL import Image

        jpeg, tiff = io.BytesIO(), io.BytesIO()
        Image.open(io.BytesIO(make_png())).save(jpeg, "JPEG")
        Image.open(io.BytesIO(make_png())).save(tiff, "TIFF")
        for name, data, media in [
            ("s.jpg", jpeg.getvalue(), "image/jpeg"),
            ("s.tif", tiff.getvalue(), "image/tiff"),
        ]:
            body = client.post(
                "/api/v1/documents/",
                {"file": SimpleUploadedFile(name, data), "doc_type": "attachment"},
                format="multipart",
            ).json()
            assert body["current_version"]["media_type"] == media

    def test_attachment_with_parent(self, api, clerk, document, png_bytes):
        response = api(clerk).post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("户型图.png", png_bytes),
                "doc_type": "attachment",
                "parent": document.pk,
            },
            format="multipart",
        )
        assert response.status_code == 201
        assert response.json()["dossier"] == document.dossier_id
        assert response.json()["parent"] == document.pk

    def test_unknown_type_is_400(self, api, clerk, pdf_bytes):
        response = api(clerk).post(
            "/api/v1/documents/", {"file": SimpleUploadedFile("a.pdf", pdf_bytes), "doc_type": "nope"}
        )
        assert response.status_code == 400

    @pytest.mark.parametrize("who", ["admin", "outsider"])
    def test_roles_without_upload_rights(self, api, users, who, pdf_bytes, store):
        response = api(users[who]).post(
            "/api/v1/documents/",
            {"file": SimpleUploadedFile("a.pdf", pdf_bytes), "doc_type": "sales_contract"},
            format="multipart",
        )
        assert response.status_code == 403
        assert list(store.iter_sha256()) == []

    def test_templates_belong_to_the_manager(self, api, clerk, manager, docx_bytes):
        data = {"file": SimpleUploadedFile("t.docx", docx_bytes), "doc_type": "contract_template"}
        refused = api(clerk).post("/api/v1/documents/", data, format="multipart")
        assert refused.status_code == 403 and "经理" in refused.json()["detail"]
        data["file"] = SimpleUploadedFile("t.docx", docx_bytes)
        assert api(manager).post("/api/v1/documents/", data, format="multipart").status_code == 201

    def test_detail_lists_versions_and_new_version(self, api, clerk, field, document, pdf_bytes):
        from demo.content import make_pdf

        v2 = make_pdf("第二版", ["修改后的条款"])
        response = api(field).post(
            f"/api/v1/documents/{document.pk}/versions/",
            {"file": SimpleUploadedFile("v2.pdf", v2), "comment": "客户签字页"},
            format="multipart",
        )
        assert response.status_code == 201
        assert response.json()["number"] == 2 and response.json()["comment"] == "客户签字页"
        detail = api(clerk).get(f"/api/v1/documents/{document.pk}/").json()
        assert [v["number"] for v in detail["versions"]] == [1, 2]
        assert detail["current_version"]["number"] == 2
        assert detail["versions"][0]["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()

    def test_filters(self, api, clerk, document, docx_bytes, dossier, doc_type):
        documents.create_document(
            clerk,
            file=io.BytesIO(docx_bytes),
            filename="b.docx",
            title="补充协议",
            doc_type=doc_type("supplementary_agreement"),
        )
        client = api(clerk)
        assert client.get("/api/v1/documents/?doc_type=sales_contract").json()["count"] == 1
        assert client.get(f"/api/v1/documents/?dossier={dossier.pk}").json()["count"] == 1
        assert client.get("/api/v1/documents/?q=补充").json()["count"] == 1
        assert client.get("/api/v1/documents/").json()["count"] == 2

    def test_list_query_count_is_constant(self, api, clerk, dossier, doc_type, django_assert_max_num_queries):
        from demo.content import make_pdf

        for i in range(25):
            documents.create_document(
                clerk,
                file=io.BytesIO(make_pdf(f"文件{i}", [str(i)])),
                filename=f"{i}.pdf",
                title=f"文件{i}",
                doc_type=doc_type("other"),
                dossier=dossier,
            )
        with django_assert_max_num_queries(5):
            response = api(clerk).get("/api/v1/documents/?page_size=25")
        assert len(response.json()["results"]) == 25


@pytest.mark.django_db
class TestVersions:
    def test_content_streams_with_etag(self, api, clerk, document, pdf_bytes):
        version = document.current_version
        meta = api(clerk).get(f"/api/v1/versions/{version.pk}/")
        assert meta.status_code == 200 and meta.json()["sha256"] == version.sha256
        response = api(clerk).get(f"/api/v1/versions/{version.pk}/content")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes
        assert response["ETag"] == f'"{version.sha256}"'
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        cached = api(clerk).get(
            f"/api/v1/versions/{version.pk}/content", HTTP_IF_NONE_MATCH=f'"{version.sha256}"'
        )
        assert cached.status_code == 304
        assert AuditEvent.objects.filter(action="version.downloaded").count() == 2

    def test_corrupted_blob_is_not_served_silently(self, api, clerk, document, store):
        from docstore.downloads import FixityError

        path = store.path_for(document.current_version.sha256)
        data = bytearray(path.read_bytes())
        data[-10] ^= 1
        path.write_bytes(bytes(data))
        response = api(clerk).get(f"/api/v1/versions/{document.current_version.pk}/content")
        with pytest.raises(FixityError):
            b"".join(response.streaming_content)

    def test_404s(self, api, clerk):
        response = api(clerk).get("/api/v1/versions/99999/")
        assert response.status_code == 404 and response.json()["error"] == "not_found"
        assert api(clerk).get("/api/v1/documents/99999/").status_code == 404

    def test_versions_are_immutable(self, document):
        version = document.current_version
        version.comment = "changed"
        with pytest.raises(ImmutableError):
            version.save()
        with pytest.raises(ImmutableError):
            version.delete()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE docstore_version SET size = 1")
        assert Version.objects.get(pk=version.pk).comment == ""
        assert Document.objects.count() == 1


@pytest.mark.django_db
def test_openapi_schema_and_docs(api, clerk):
    schema = api(clerk).get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/documents/" in schema.content
    assert api(clerk).get("/api/docs/").status_code == 200
