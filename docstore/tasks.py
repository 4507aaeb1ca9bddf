"""Background work (django-tasks): text, index and previews after each new version; the check-out sweep."""

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def process_version(version_id: int) -> dict:
    """Extract the text, refresh the document's search entry, render the page images."""
    from docstore import derive, search
    from docstore.models import Version

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
    from docstore import search
    from docstore.models import Document

    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        search.index_document(document)


@task()
def release_expired_checkouts() -> int:
    from docstore import checkout

    return checkout.release_expired()


def on_version_created(sender, version, **kwargs) -> None:
    try:
        process_version.enqueue(version.pk)
    except Exception:  # the upload has committed; a failed enqueue must not turn it into an error
        log.exception("could not enqueue processing of version %s", version.pk)
