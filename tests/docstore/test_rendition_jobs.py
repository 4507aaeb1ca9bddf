"""Long work shows progress (issue 11, item 6): a template fill with PDF answers at once with the DOCX; the PDF
is made in the background, its job's state is polled by the document page, which then shows the new version.
Stamping and approving forms mark their buttons busy (static JS, data-busy)."""

import pytest
from django.urls import reverse

from docstore import templating
from docstore.models import Document, RenditionJob
from docstore.services import templates
from tests.docstore.test_templates import TYPED, make_template
from tests.docstore.test_templates import template as template  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(
    templating.soffice() is None, reason="LibreOffice (soffice) is not installed"
)


def _fill_form(dossier, pdf=True) -> dict:
    form = {"dossier": dossier.pk, "pdf": "on" if pdf else ""}
    for index, name in enumerate(templating.fields(make_template())):
        form[f"value_{index}"] = TYPED.get(name, "")
    return form


def _fill(web, clerk, template, dossier):  # noqa: F811
    response = web(clerk).post(reverse("docstore:template-detail", args=[template.pk]), _fill_form(dossier))
    assert response.status_code == 302
    return Document.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@needs_soffice
def test_fill_with_pdf_answers_at_once_and_the_page_polls_the_job(web, clerk, template, dossier):  # noqa: F811
    document = _fill(web, clerk, template, dossier)
    assert document.versions.count() == 1  # the DOCX now; the PDF comes from the background work
    job = RenditionJob.objects.get(document=document)
    assert job.status == "queued" and job.requested_by == clerk
    page = web(clerk).get(document.get_absolute_url()).content.decode()
    status_url = reverse("docstore:rendition-status", args=[job.pk])
    assert f'data-poll="{status_url}"' in page and "排队中" in page
    assert web(clerk).get(status_url).json() == {
        "status": "queued", "label": "排队中", "finished": False, "error": "", "version": None
    }  # fmt: skip

    job = templates.make_rendition(job)  # what the worker does
    assert job.status == "done" and job.result.media_type == "application/pdf" and job.result.number == 2
    assert web(clerk).get(status_url).json()["status"] == "done"
    page = web(clerk).get(document.get_absolute_url()).content.decode()
    assert 'data-testid="rendition"' not in page and "v2" in page


def test_a_failed_conversion_is_said_and_keeps_the_docx(web, clerk, template, dossier, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(templating, "soffice", lambda: "/bin/soffice-here")
    document = _fill(web, clerk, template, dossier)

    def broken(data):
        raise RuntimeError("LibreOffice exited with status 1")

    monkeypatch.setattr(templating, "to_pdf", broken)
    job = templates.make_rendition(RenditionJob.objects.get(document=document))
    assert job.status == "failed" and "status 1" in job.error
    assert document.versions.count() == 1
    page = web(clerk).get(document.get_absolute_url()).content.decode()
    assert "PDF 生成失败" in page and "status 1" in page
    assert templates.make_rendition(job).status == "failed"  # a finished job is not run again


def test_status_needs_staff(client, outsider, web, clerk, template, dossier, monkeypatch):  # noqa: F811
    monkeypatch.setattr(templating, "soffice", lambda: "/bin/soffice-here")
    job = RenditionJob.objects.get(document=_fill(web, clerk, template, dossier))
    client.force_login(outsider)
    assert client.get(reverse("docstore:rendition-status", args=[job.pk])).status_code == 403


def test_template_stamp_and_approve_forms_mark_their_buttons_busy(
    web, clerk, manager, template, field, dossier
):  # noqa: F811
    from seals import services as seals
    from tests.workbench.builders import make_active_seal

    page = web(clerk).get(reverse("docstore:template-detail", args=[template.pk])).content.decode()
    assert '<form method="post" data-busy>' in page and 'data-busy-text="正在生成…"' in page
    document = templates.fill_template(clerk, template, dossier=dossier, values=TYPED)
    seal = make_active_seal(manager, clerk)
    item = {"version": document.current_version, "seal": seal, "impressions": 1, "mode": "physical"}
    req = seals.submit_request(
        field, seals.create_request(field, purpose="网签", recipient="bank", items=[item])
    )
    page = web(manager).get(req.get_absolute_url()).content.decode()
    assert 'class="actions" data-busy' in page and 'data-busy-text="正在批准…"' in page
