"""Background work (django-tasks): the text and search entry of each new version first, the OCR of its pages
without a text layer next, its page images after; the edit-lock sweep.

Each new version gets `extract_text` at high priority (a document is searchable when it ends), which then
queues `make_previews` at low priority (the upload's request writes one task row, not two); the previews are
made a batch of pages per run (the task queues itself again for the rest), so that a text task never waits
behind a long file's previews. A page asked for before its turn is rendered on demand
(docstore.derive.page_on_demand). The services never import this module: they send signals
(docstore.signals) on commit, and `apps.ready()` connects the listeners below.
"""

import logging

from django_tasks import task

from core import queues
from docstore import conf, derive, search, text
from docstore.models import Derivative, Document, RenditionJob, Version
from docstore.ocr import work as ocr_work
from docstore.services import edit_locks, templates

log = logging.getLogger(__name__)
TEXT_PRIORITY = 50  # django-tasks priorities run from -100 to 100; the worker takes the highest first
# Text has a queue of its own too (core.queues): `run_workers` keeps one worker on it alone, so that a new
# document never waits behind an OCR batch holding every other worker for seconds (1,000 PDFs with a scan in ten
# were searchable at 21 docs/s when every worker took any task)
TEXT_QUEUE = queues.TEXT
OCR_PRIORITY = 0  # after every waiting text task, before the page images (which are made on demand anyway)
PREVIEW_PRIORITY = -50


@task(priority=TEXT_PRIORITY, queue_name=TEXT_QUEUE)
def extract_text(version_id: int) -> dict:
    """Extract the version's text and refresh its document's search entry."""
    version = Version.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return {"missing": version_id}
    try:
        derivative = text.make_text(version)
        document = version.document
        if document.current_version_id in (None, version.pk):
            search.index_document(document, derivative.text)
        if derivative.pk and ocr_work.plan(version, derivative):
            ocr_pages.enqueue(version_id)
    finally:
        make_previews.enqueue(version_id)  # whatever became of the text
    return {"version": version_id, "text": derivative.text_status}


@task(priority=OCR_PRIORITY)
def ocr_pages(version_id: int) -> dict:
    """Recognise a batch of the version's pages without a text layer, index the text again, queue the rest."""
    version = Version.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return {"missing": version_id}
    derivative = ocr_work.read_batch(version, conf.ocr_batch_pages())
    document = version.document
    if derivative.pk and document.current_version_id in (None, version.pk):
        search.index_document(document, derivative.text)
    if derivative.ocr_status == Derivative.Status.PENDING:
        ocr_pages.enqueue(version_id)
    return {"version": version_id, "ocr": derivative.ocr_status}


@task(priority=PREVIEW_PRIORITY)
def make_previews(version_id: int) -> dict:
    """Render a batch of the version's page images; queue the rest."""
    version = Version.objects.filter(pk=version_id).first()
    if version is None:
        return {"missing": version_id}
    batch = conf.preview_batch_pages() if version.media_type == "application/pdf" else None
    derivative = derive.make_previews(version, limit=batch)
    if derivative.preview_status == Derivative.Status.PENDING:
        make_previews.enqueue(version_id)
    return {"version": version_id, "pages": derivative.preview_pages, "preview": derivative.preview_status}


@task()
def process_version(version_id: int) -> dict:
    """Tasks queued before issue 15 name this one: the text (which queues the previews)."""
    return extract_text.call(version_id)


@task()
def reindex_document(document_id: int) -> None:
    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        search.index_document(document)


@task()
def release_expired_checkouts() -> int:
    """The sweep of expired edit locks (named like its management command, which cron calls)."""
    return edit_locks.release_expired_locks()


@task()
def make_rendition(job_id: int) -> str:
    """A filled template's PDF (LibreOffice), its status on the job that the page polls."""
    job = RenditionJob.objects.filter(pk=job_id).first()
    return templates.make_rendition(job).status if job else "missing"


def on_rendition_requested(sender, job, **kwargs) -> None:
    try:
        make_rendition.enqueue(job.pk)
    except Exception:
        log.exception("could not enqueue the PDF rendition job %s", job.pk)
        RenditionJob.objects.filter(pk=job.pk).update(
            status=RenditionJob.Status.FAILED, error="enqueue failed"
        )


def on_version_created(sender, version, **kwargs) -> None:
    try:
        extract_text.enqueue(version.pk)
    except Exception:  # the upload has committed; a failed enqueue must not turn it into an error
        log.exception("could not enqueue processing of version %s", version.pk)


def on_dossier_changed(sender, dossier, **kwargs) -> None:
    """The customers' names are part of each document's search entry."""
    for pk in Document.objects.filter(dossier=dossier).values_list("pk", flat=True):
        reindex_document.enqueue(pk)


def on_document_changed(sender, document, **kwargs) -> None:
    """The metadata is part of the document's search entry."""
    reindex_document.enqueue(document.pk)
