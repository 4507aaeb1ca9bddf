import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from docstore.models import Document


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
def test_pages_for_every_role(web, users, who, document):
    client = web(users[who])
    for url in [
        "/",
        "/dossiers/",
        f"/dossiers/{document.dossier_id}/",
        "/documents/",
        f"/documents/{document.pk}/",
        "/documents/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (who, url)
    page = client.get(f"/dossiers/{document.dossier_id}/").content.decode()
    assert "3-1502" in page and "陈明" in page and "商品房买卖合同" in page


@pytest.mark.django_db
def test_outsider_gets_403_page(web, outsider, document):
    response = web(outsider).get("/dossiers/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_dossier_create_page(web, clerk, field):
    response = web(clerk).post(
        "/dossiers/new/",
        {
            "project": "滨江一号",
            "building": "2",
            "unit": "2203",
            "customers": "孙强 440301198512125677\n李梅",
        },
    )
    assert response.status_code == 302
    page = web(clerk).get(response["Location"]).content.decode()
    assert "孙强" in page and "李梅" in page and "2-2203" in page
    assert web(field).get("/dossiers/new/").status_code == 403


@pytest.mark.django_db
def test_upload_and_new_version_pages(web, clerk, dossier, pdf_bytes):
    client = web(clerk)
    response = client.post(
        "/documents/new/",
        {
            "file": SimpleUploadedFile("合同.pdf", pdf_bytes),
            "doc_type": "sales_contract",
            "dossier": dossier.pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    response = client.post(
        f"/documents/{document.pk}/versions/",
        {"file": SimpleUploadedFile("v2.pdf", pdf_bytes), "comment": "重扫"},
    )
    assert response.status_code == 302
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "v2" in page and "重扫" in page and document.current_version.short_sha256 in page
    download = client.get(f"/versions/{document.current_version.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["ETag"] == f'"{document.current_version.sha256}"'


@pytest.mark.django_db
def test_dossier_list_query_count(web, clerk, django_assert_max_num_queries):
    from docstore.services import dossiers

    for i in range(20):
        dossiers.create_dossier(clerk, project="P", building="1", unit=f"{i:04}", customers=[{"name": "甲"}])
    client = web(clerk)
    # 10, plus the person's saved filters (1) and the status badges (docstore 2, seals 1, archive 2)
    with django_assert_max_num_queries(16):
        response = client.get("/dossiers/")
    assert response.content.decode().count("1-00") == 20


@pytest.mark.django_db
def test_document_list_query_count(web, clerk, dossier, doc_type, django_assert_max_num_queries, pdf_bytes):
    import io

    from docstore.services import documents

    for i in range(20):
        documents.create_document(
            clerk,
            file=io.BytesIO(pdf_bytes),
            filename="a.pdf",
            title=f"文件{i:02}",
            doc_type=doc_type("other"),
        )
    client = web(clerk)
    # 10, plus the person's saved filters (1) and the status badges (seals 1, archive 2)
    with django_assert_max_num_queries(14):
        response = client.get("/documents/")
    assert response.content.decode().count("文件") >= 20


@pytest.mark.django_db
def test_english_is_available(web, clerk, document):
    client = web(clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/dossiers/").content.decode()
    assert "Dossier" in page and "Filter" in page and "Log out" in page
