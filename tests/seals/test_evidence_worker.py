"""The comparison of stamp evidence runs in the worker: the upload answers "checking" at once (the database
task backend, its real worker); and an approved .docx is compared through its PDF rendition (LibreOffice), with
generated photos of its rendered pages."""

import io
import shutil
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.audit_model import AuditEvent
from docstore import templating
from docstore.validation import DOCX
from seals import selectors, services
from seals.models import StampEvidence
from tests.seals.photos import CLAUSES, foreign_photo, photos, stamped_photos, uploads
from tests.task_worker import run_worker


@pytest.fixture
def database_tasks(settings, flushable_db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.mark.usefixtures("database_tasks")
def test_the_upload_answers_before_the_comparison(api, clerk, manager, approved_item):
    from django_tasks_db.models import DBTaskResult

    pictures = list(photos())
    pictures[2] = foreign_photo()  # page 3 swapped: a mismatch, found by the worker
    url = f"/api/v1/seal-requests/{approved_item.request_id}/items/{approved_item.pk}/evidence"
    response = api(clerk).post(url, {"files": uploads(pictures)}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["findings"], body["pages"], body["evidence_pages"]) == (
        "checking",
        [],
        [],
        4,
    )
    compare = DBTaskResult.objects.filter(task_path="seals.tasks.compare_evidence")
    [queued] = compare.ready()
    assert queued.args_kwargs["args"] == [body["id"]]
    assert api(clerk).get(url).json()[0]["status"] == "checking"
    assert not selectors.evidence_mismatches().exists()  # nothing to show the manager yet
    run_worker()
    assert compare.get().status == "SUCCESSFUL"
    evidence = StampEvidence.objects.get(pk=body["id"])
    assert evidence.status == "mismatch"
    assert evidence.findings == [{"code": "page_differs", "page": 3, "evidence_page": 3}]
    assert list(selectors.evidence_mismatches()) == [evidence]  # now on the manager's list
    assert api(manager).get(url).json()[0]["findings_text"] == ["第 3 页与批准的不同（凭证第 3 页）"]
    assert AuditEvent.objects.filter(action="seal_request.evidence_compared").count() == 1


@pytest.mark.usefixtures("database_tasks")
def test_the_page_says_it_is_being_compared(web, clerk, approved_item):
    response = web(clerk).post(
        f"/seals/items/{approved_item.pk}/evidence/", {"files": uploads(photos())}, follow=True
    )
    html = response.content.decode()
    assert "正在后台与批准的文件比对" in html and 'data-testid="checking"' in html and "比对中" in html
    run_worker()
    evidence = StampEvidence.objects.get()
    html = web(clerk).get(evidence.get_absolute_url()).content.decode()
    assert evidence.status == "matched" and "相符" in html and 'data-testid="checking"' not in html


# ---- an approved .docx


def _docx(pages: int = 3) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    doc = Document()
    for n in range(1, pages + 1):
        doc.add_heading(f"商品房买卖合同 第 {n} 页", level=1)
        for clause in CLAUSES[(n - 1) * 3 : (n - 1) * 3 + 6]:
            paragraph = doc.add_paragraph(clause * 2)
            paragraph.runs[0].font.size = Pt(12)
        if n < pages:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@cache
def _docx_and_rendition() -> tuple[bytes, bytes]:
    data = _docx()
    return data, templating.to_pdf(data)  # the same rendition the worker makes


@pytest.fixture
def docx_item(clerk, dossier, doc_type, make_request):
    from docstore.services import documents

    data, _pdf = _docx_and_rendition()
    doc = documents.create_document(
        clerk,
        file=io.BytesIO(data),
        filename="contract.docx",
        title="商品房买卖合同",
        doc_type=doc_type("sales_contract"),
        dossier=dossier,
    )
    assert doc.current_version.media_type == DOCX
    req = make_request(
        "approved",
        version=doc.current_version,
        mode="physical",
        impressions=1,
        cross_page=False,
        placements=[],
    )
    return req.items.get()


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@needs_soffice
@pytest.mark.django_db
class TestAnApprovedDocx:
    def test_photos_of_its_rendered_pages_match(self, web, clerk, docx_item):
        _data, pdf = _docx_and_rendition()
        pictures = stamped_photos(pdf, {1: [(150, 60)]}, [1, 2, 3])
        evidence = services.add_evidence(clerk, docx_item, files=uploads(pictures))
        assert (evidence.status, evidence.findings) == ("matched", [])
        assert (evidence.approved_pages, evidence.evidence_pages, evidence.impressions_found) == (3, 3, 1)
        assert all(p["approved"] == p["evidence"] for p in evidence.pages)
        # side by side: the approved .docx's page is the document's own page image
        response = web(clerk).get(f"/seals/evidence/{evidence.pk}/approved/2.png")
        assert response.status_code == 302
        assert response["Location"] == f"/versions/{docx_item.version_id}/pages/2.png"

    def test_a_missing_page_is_found(self, clerk, docx_item):
        _data, pdf = _docx_and_rendition()
        pictures = stamped_photos(pdf, {1: [(150, 60)]}, [1, 3])
        evidence = services.add_evidence(clerk, docx_item, files=uploads(pictures))
        assert evidence.status == "mismatch"
        assert {"code": "page_missing", "page": 2} in evidence.findings

    def test_without_libreoffice_a_person_compares_and_is_told_why(self, settings, clerk, docx_item):
        settings.SOFFICE_PATH = "/nonexistent/soffice"
        _data, pdf = _docx_and_rendition()
        scan = SimpleUploadedFile("scan.pdf", pdf, "application/pdf")
        evidence = services.add_evidence(clerk, docx_item, files=[scan])
        assert evidence.status == "mismatch" and evidence.pages == []
        assert evidence.findings_text() == [
            "无法自动比对（服务器未安装 LibreOffice，无法把 DOCX 转为页面），请人工核对"
        ]
