"""One duplicate-upload rule: create_document(on_duplicate="refuse" | "allow" | "skip"), the same for the
upload page, the API (allow_duplicate) and import_folder (skip)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.errors import Conflict, Forbidden
from demo.content import make_pdf
from docstore.models import Document, Dossier, Version
from docstore.services import documents

pytestmark = pytest.mark.django_db


def _create(user, data, doc_type, **kw):
    return documents.create_document(
        user, file=io.BytesIO(data), filename="again.pdf", title="复印件", doc_type=doc_type("other"), **kw
    )


def test_refuse_names_where_the_bytes_are(clerk, document, pdf_bytes, doc_type):
    with pytest.raises(Conflict) as refused:
        _create(clerk, pdf_bytes, doc_type, on_duplicate="refuse")
    assert refused.value.status == 409 and refused.value.code == "duplicate"
    [where] = refused.value.extra["locations"]
    assert where["document"] == document.pk and where["version"] == 1 and "3-1502" in where["dossier_label"]
    assert where["url"] == document.get_absolute_url()
    assert "商品房买卖合同 3-1502" in str(refused.value.detail)
    assert Document.objects.count() == 1


def test_refuse_lets_new_bytes_through(clerk, document, doc_type):
    created = _create(clerk, make_pdf("新", ["新文件"]), doc_type, on_duplicate="refuse")
    assert created.current_version.number == 1


def test_allow_stores_a_second_document_on_the_same_blob(clerk, document, pdf_bytes, doc_type):
    created = _create(clerk, pdf_bytes, doc_type, on_duplicate="allow")
    assert created.current_version.sha256 == document.current_version.sha256
    assert Document.objects.count() == 2


def test_skip_creates_nothing_and_says_so(clerk, document, pdf_bytes, doc_type):
    assert _create(clerk, pdf_bytes, doc_type, on_duplicate="skip") is None
    assert Document.objects.count() == 1 and Version.objects.count() == 1
    assert _create(clerk, make_pdf("新", ["新"]), doc_type, on_duplicate="skip") is not None


def test_unknown_rule_is_a_programming_error(clerk, pdf_bytes, doc_type):
    with pytest.raises(ValueError):
        _create(clerk, pdf_bytes, doc_type, on_duplicate="maybe")


def test_permission_comes_before_the_duplicate_check(outsider, document, pdf_bytes, doc_type):
    with pytest.raises(Forbidden):
        _create(outsider, pdf_bytes, doc_type, on_duplicate="refuse")


def test_the_page_does_not_show_where_to_someone_who_may_not_upload(web, outsider, document, pdf_bytes):
    response = web(outsider).post(
        "/documents/new/", {"file": SimpleUploadedFile("again.pdf", pdf_bytes), "doc_type": "other"}
    )
    assert response.status_code == 403
    assert 'data-testid="duplicates"' not in response.content.decode()


def test_api_without_allow_duplicate_refuses_like_the_page(api, clerk, document, pdf_bytes):
    response = api(clerk).post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("again.pdf", pdf_bytes), "doc_type": "other", "allow_duplicate": "false"},
        format="multipart",
    )
    assert response.status_code == 409 and response.json()["error"] == "duplicate"
    assert response.json()["locations"][0]["url"] == document.get_absolute_url()


def test_import_skips_stored_bytes_without_making_their_dossier(tmp_path, clerk, document, pdf_bytes):
    folder = tmp_path / "import" / "滨江一号" / "2-2203"
    folder.mkdir(parents=True)
    (folder / "合同副本.pdf").write_bytes(pdf_bytes)
    out = io.StringIO()
    call_command("import_folder", str(tmp_path / "import"), "--as", "clerk1", "--no-progress", stdout=out)
    assert "imported 0, skipped 1 (already stored), refused 0, new dossiers 0" in out.getvalue()
    assert not Dossier.objects.filter(project="滨江一号").exists()
    (folder / "新合同.pdf").write_bytes(make_pdf("新合同", ["2-2203"]))
    out = io.StringIO()
    call_command("import_folder", str(tmp_path / "import"), "--as", "clerk1", "--no-progress", stdout=out)
    assert "imported 1, skipped 1 (already stored), refused 0, new dossiers 1" in out.getvalue()
    assert Dossier.objects.get(project="滨江一号").documents.get().title == "新合同"


def test_import_keeps_the_dossier_of_a_refused_file(tmp_path, clerk):
    folder = tmp_path / "import" / "滨江一号" / "2-2203"
    folder.mkdir(parents=True)
    (folder / "病毒.exe").write_bytes(b"MZ\x90\x00")
    out = io.StringIO()
    call_command("import_folder", str(tmp_path / "import"), "--as", "clerk1", "--no-progress", stdout=out)
    assert "imported 0, skipped 0 (already stored), refused 1, new dossiers 1" in out.getvalue()
    assert Dossier.objects.filter(project="滨江一号", building="2", unit="2203").exists()
