"""Background work (django-tasks): text, index and previews after each new version; the edit-lock sweep.

The services never import this module: they send signals (docstore.signals) on commit, and `apps.ready()`
connects the listeners below.
"""

import logging

from django_tasks import task

from docstore import derive, search
from docstore.models import Document, RenditionJob, Version
from docstore.services import edit_locks, templates

log = logging.getLogger(__name__)


@task()
def process_version(version_id: int) -> dict:
    """Extract the text, refresh the document's search entry, render the page images."""
    version = Version.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return {"missing": version_id}
    derivative = derive.make_text(version)
    document = version.document
    if document.current_version_id in (None, version.pk):
        search.index_document(document, derivative.text)
    derivative = derive.make_previews(version)
    return {"version": version_id, "pages": derivative.preview_pages, "preview": derivative.preview_status}


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
        process_version.enqueue(version.pk)
    except Exception:  # the upload has committed; a failed enqueue must not turn it into an error
        log.exception("could not enqueue processing of version %s", version.pk)


def on_dossier_changed(sender, dossier, **kwargs) -> None:
    """The customers' names are part of each document's search entry."""
    for pk in Document.objects.filter(dossier=dossier).values_list("pk", flat=True):
        reindex_document.enqueue(pk)
