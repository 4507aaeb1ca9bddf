"""PDFs with scripts, launch actions or actions run on opening are kept, but flagged on the version (API and
document page) and only ever served as attachments that a browser will not run."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.content import make_pdf
from docstore.models import Version
from docstore.services import attachments
from docstore.services import documents as services
from docstore.validation import pdf_active_content
from tests.fixtures import bad_files

ACTIVE = [
    ("javascript", bad_files.pdf_with_javascript),
    ("launch", bad_files.pdf_with_launch),
    ("open-action", bad_files.pdf_with_open_action),
    ("additional-actions", bad_files.pdf_with_additional_actions),
    ("hidden-in-object-stream", bad_files.pdf_with_hidden_javascript),
]
PASSIVE = [
    ("ordinary", lambda: make_pdf("商品房买卖合同", ["第一条"], pages=2)),
    ("open-at-page-one", bad_files.pdf_with_open_destination),
]


def _upload(api, user, data: bytes, name="contract.pdf"):
    return api(user).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile(name, data), "doc_type": "sales_contract", "title": "合同"},
        format="multipart",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label,make", ACTIVE, ids=[c[0] for c in ACTIVE])
def test_active_pdf_is_stored_and_flagged(api, clerk, label, make):
    response = _upload(api, clerk, make())
    assert response.status_code == 201, response.content
    assert response.json()["current_version"]["active_content"] is True
    document_id = response.json()["id"]
    versions = api(clerk).get(f"/api/v1/documents/{document_id}/").json()["versions"]
    assert [v["active_content"] for v in versions] == [True]
    assert Version.objects.get(document_id=document_id).active_content is True


@pytest.mark.django_db
@pytest.mark.parametrize("label,make", PASSIVE, ids=[c[0] for c in PASSIVE])
def test_passive_pdf_is_not_flagged(api, clerk, label, make):
    response = _upload(api, clerk, make())
    assert response.status_code == 201, response.content
    assert response.json()["current_version"]["active_content"] is False


@pytest.mark.django_db
def test_new_version_is_classified_on_its_own(clerk, document):
    assert document.current_version.active_content is False
    version = services.add_version(
        clerk, document, file=io.BytesIO(bad_files.pdf_with_launch()), filename="v2.pdf"
    )
    assert version.active_content is True
    assert Version.objects.get(document=document, number=1).active_content is False


@pytest.mark.django_db
def test_document_page_warns(web, clerk, api):
    flagged = _upload(api, clerk, bad_files.pdf_with_javascript()).json()["id"]
    page = web(clerk).get(reverse("docstore:document-detail", args=[flagged])).content.decode()
    assert 'data-testid="active-content"' in page
    assert "含活动内容" in page and "不在浏览器中打开" in page
    clean = _upload(api, clerk, make_pdf("合同", ["第一条"])).json()["id"]
    page = web(clerk).get(reverse("docstore:document-detail", args=[clean])).content.decode()
    assert "含活动内容" not in page


@pytest.mark.django_db
def test_every_route_serving_the_bytes_says_attachment(web, api, clerk, doc_type):
    parent = services.create_document(
        clerk,
        file=io.BytesIO(bad_files.pdf_with_javascript()),
        filename="合同.pdf",
        title="合同",
        doc_type=doc_type("sales_contract"),
    )
    attachments.attach_files(clerk, parent, [SimpleUploadedFile("附件.pdf", bad_files.pdf_with_launch())])
    version = parent.current_version
    assert version.active_content
    routes = [
        (web(clerk), reverse("docstore:version-download", args=[version.pk])),
        (api(clerk), reverse("api:version-content", args=[version.pk])),
        (web(clerk), reverse("docstore:attachments-zip", args=[parent.pk])),
        (api(clerk), reverse("api:document-attachments-zip", args=[parent.pk])),
    ]
    for client, url in routes:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "sandbox" in response["Content-Security-Policy"], url
        body = b"".join(response.streaming_content)
        assert body.startswith((b"%PDF", b"PK")), url


def test_detection_is_bounded_and_errs_towards_the_warning():
    """A catalogue that leads to more entries than the budget is called active without walking them all."""
    many = b"[" + b"<< /Type /Thing >> " * 60_000 + b"]"
    data = bad_files._one_page_pdf(catalog_extra=b"/Extra " + many + b" ")
    assert pdf_active_content(io.BytesIO(data)) is True


def test_reference_cycles_end_the_walk():
    data = bad_files._one_page_pdf(catalog_extra=b"/Extra 4 0 R ", more=[b"<< /Next 4 0 R /Prev 1 0 R >>"])
    assert pdf_active_content(io.BytesIO(data)) is False


def test_a_file_the_check_cannot_read_is_called_active():
    assert pdf_active_content(io.BytesIO(b"%PDF-1.7\n" + b"\x00" * 100)) is True
