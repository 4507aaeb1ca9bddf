"""Intake like Paperless-ngx (issue 11, item 5), the server's side: the drop zone on the upload page and on a
dossier, wired to the API that takes each file; after a refused upload the form keeps every other field and
names the file to choose again."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docstore.models import Document

pytestmark = pytest.mark.django_db


def test_upload_page_offers_the_drop_zone(web, clerk):
    html = web(clerk).get(reverse("docstore:document-create")).content.decode()
    assert "data-dropzone" in html and 'data-api="/api/v1/documents"' in html and "js/intake.js" in html
    assert "multiple" in html


@pytest.mark.parametrize(
    ("who", "shown"), [("clerk", True), ("field", True), ("manager", True), ("admin", False)]
)
def test_dossier_page_drop_zone_for_those_who_add(web, users, dossier, who, shown):
    html = web(users[who]).get(dossier.get_absolute_url()).content.decode()
    assert (f'data-dossier="{dossier.pk}"' in html) is shown
    if shown:
        assert 'name="csrfmiddlewaretoken"' in html and '<option value="attachment" selected>' in html


def test_a_refused_file_keeps_every_other_field_and_names_the_file(web, clerk, dossier):
    page = web(clerk).post(
        reverse("docstore:document-create"),
        {
            "file": SimpleUploadedFile("扫描件.exe", b"MZ\x90\x00 not a document"),
            "title": "首付款收据 3-1502",
            "doc_type": "attachment",
            "dossier": dossier.pk,
            "comment": "客户补交",
        },
    )
    html = page.content.decode()
    assert page.status_code == 415
    assert "请重新选择文件“扫描件.exe”" in html
    assert 'value="首付款收据 3-1502"' in html and 'value="客户补交"' in html
    dossier_input = re.search(r'<input[^>]*name="dossier"[^>]*>', html).group(0)  # a picker keeps the id
    assert f'value="{dossier.pk}"' in dossier_input
    assert re.search(r'<option value="attachment" selected>', html)
    assert not Document.objects.filter(title="首付款收据 3-1502").exists()


def test_a_form_refused_for_another_field_names_the_file_too(web, clerk, pdf_bytes):
    page = web(clerk).post(
        reverse("docstore:document-create"),
        {"file": SimpleUploadedFile("合同.pdf", pdf_bytes), "title": "x" * 201, "doc_type": "attachment"},
    )
    assert page.status_code == 200 and "请重新选择文件“合同.pdf”" in page.content.decode()
    assert not Document.objects.filter(title="x" * 201).exists()


def test_one_bad_file_does_not_lose_the_others(api, clerk, dossier, pdf_bytes, png_bytes):
    """What the drop zone does: one request per file; the bad one is refused on its own."""
    client = api(clerk)
    answers = [
        client.post(
            "/api/v1/documents/",
            {"file": io.BytesIO(data), "doc_type": "attachment", "dossier": dossier.pk},
            format="multipart",
        )
        for data in (pdf_bytes, b"not a document at all", png_bytes)
    ]
    assert [a.status_code for a in answers] == [201, 415, 201]
    assert answers[1].json()["detail"]
    assert Document.objects.filter(dossier=dossier, doc_type__code="attachment").count() == 2
