"""Holds and disposal. Bytes are deleted only here: after the manager approves a batch, only for records
not held, and only blobs nothing live still references, checked under each blob's lock at the moment of
deletion. The derived content (page images, text, search rows) goes too; the record keeps its code and
metadata, and the batch is the certificate."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from archive import permissions, selectors, states
from archive.models import ArchiveRecord, DisposalBatch, DisposalItem, Hold
from archive.services.numbering import next_number
from core.errors import Conflict, InvalidInput
from docstore import purge
from storage import blobs as blob_locks
from storage.registry import referenced_blobs

log = logging.getLogger(__name__)


def place_hold(actor, *, reason: str, record: ArchiveRecord | None = None, dossier=None) -> Hold:
    permissions.require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写冻结理由。"), code="reason_required")
    if (record is None) == (dossier is None):
        raise InvalidInput(_("请选择一件档案或一个案卷。"), code="target_required")
    with transaction.atomic():
        hold = Hold.objects.create(record=record, dossier=dossier, reason=reason[:500], placed_by=actor)
        audit.record(
            actor,
            "archive.hold_placed",
            hold,
            record=record and record.archival_code,
            dossier=dossier and dossier.pk,
            reason=reason,
        )
    return hold


def release_hold(actor, hold: Hold, *, note: str = "") -> Hold:
    permissions.require_manager(actor)
    with transaction.atomic():
        locked = Hold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise Conflict(_("该冻结已解除。"), code="already_released")
        locked.released_at = timezone.now()
        locked.released_by = actor
        locked.save(update_fields=["released_at", "released_by"])
        audit.record(actor, "archive.hold_released", locked, note=note)
    return locked


def propose_disposal(actor, records, *, reason: str = "") -> DisposalBatch:
    permissions.require_keeper(actor)
    ids = sorted({r.pk for r in records})
    if not ids:
        raise InvalidInput(_("请选择要销毁的档案。"), code="empty")
    with transaction.atomic():
        due = set(selectors.due_for_disposal().filter(pk__in=ids).values_list("pk", flat=True))
        refused = ArchiveRecord.objects.filter(pk__in=set(ids) - due).values_list("archival_code", flat=True)
        if refused:
            raise Conflict(
                _("以下档案未到期、已冻结或已在销毁清册中：%(codes)s") % {"codes": "、".join(refused)},
                code="not_due",
            )
        year = timezone.localdate().year
        seq = next_number(f"disposal|{year}")
        batch = DisposalBatch.objects.create(
            number=f"XH-{year}-{seq:04d}", reason=reason[:500], proposed_by=actor
        )
        DisposalItem.objects.bulk_create(
            DisposalItem(
                batch=batch,
                record=r,
                archival_code=r.archival_code,
                title=r.title,
                retention_code=r.retention.code,
                disposal_due=r.disposal_due,
            )
            for r in ArchiveRecord.objects.filter(pk__in=ids).select_related("retention")
        )
        audit.record(actor, "disposal.proposed", batch, number=batch.number, records=len(ids))
    return batch


def _blobs_to_delete(document_ids: set[int]) -> dict[int, list[str]]:
    """Per document: the sha256 of its versions that nothing live references any more (the records are
    already marked disposed in this transaction). Checked again under each blob's lock when deleted."""
    from docstore.models import Version

    per_doc: dict[int, set[str]] = {}
    for doc_id, sha in Version.objects.filter(document_id__in=document_ids).values_list(
        "document_id", "sha256"
    ):
        per_doc.setdefault(doc_id, set()).add(sha)
    candidates = set().union(*per_doc.values()) if per_doc else set()
    kept = referenced_blobs(candidates)
    return {doc_id: sorted(shas - kept) for doc_id, shas in per_doc.items()}


def approve_disposal(actor, batch: DisposalBatch, *, note: str = "") -> DisposalBatch:
    permissions.require_manager(actor)
    permissions.require_not_self(actor, batch.proposed_by)
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        states.DISPOSAL.check(locked, "approve")
        items = list(locked.items.select_related("record"))
        for item in items:
            states.RECORD.check(item.record, "dispose")
        record_ids = [i.record_id for i in items]
        held = selectors.held_records(ArchiveRecord.objects.filter(pk__in=record_ids))
        if held:
            raise Conflict(
                _("以下档案已被冻结，不能销毁：%(codes)s") % {"codes": "、".join(sorted(held))}, code="held"
            )
        now = timezone.now()
        records = list(ArchiveRecord.objects.select_for_update().filter(pk__in=record_ids))
        ArchiveRecord.objects.filter(pk__in=record_ids).update(
            status=ArchiveRecord.Status.DISPOSED, disposed_at=now
        )
        document_ids = {r.document_id for r in records}
        blobs = _blobs_to_delete(document_ids)
        purge.forget_derived(document_ids)  # previews, text, search rows; their blobs after the commit
        by_record = {r.pk: r for r in records}
        for item in items:
            item.deleted_blobs = blobs.get(by_record[item.record_id].document_id, [])
        DisposalItem.objects.bulk_update(items, ["deleted_blobs"])
        locked.status = DisposalBatch.Status.APPROVED
        locked.decided_by = actor
        locked.decided_at = now
        locked.decision_note = (note or "")[:500]
        locked.save()
        to_delete = sorted({sha for shas in blobs.values() for sha in shas})
        audit.record(
            actor,
            "disposal.approved",
            locked,
            number=locked.number,
            codes=[i.archival_code for i in items],
            deleted_blobs=to_delete,
        )
        transaction.on_commit(lambda: _delete_blobs(locked.pk, to_delete))
    return locked


def _delete_blobs(batch_id: int, shas: list[str]) -> None:
    """After the approval commits, each blob in its own short transaction: under the blob's lock, which an
    upload of the same bytes takes too, it is deleted only if no live version or other reference uses it
    at that moment. A blob kept that way leaves the batch's list of deleted blobs."""
    for sha in shas:
        try:
            with transaction.atomic():
                if not blob_locks.delete_unreferenced(sha):
                    for item in DisposalItem.objects.select_for_update().filter(batch_id=batch_id):
                        if sha in item.deleted_blobs:
                            item.deleted_blobs = [s for s in item.deleted_blobs if s != sha]
                            item.save(update_fields=["deleted_blobs"])
        except Exception:  # the bytes stay; storage_gc removes them once nothing live references them
            log.exception("disposal: could not delete blob %s", sha)


def reject_disposal(actor, batch: DisposalBatch, *, note: str) -> DisposalBatch:
    permissions.require_manager(actor)
    if not (note or "").strip():
        raise InvalidInput(_("请填写驳回理由。"), code="reason_required")
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        states.DISPOSAL.check(locked, "reject")
        locked.status = DisposalBatch.Status.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()[:500]
        locked.save()
        audit.record(actor, "disposal.rejected", locked, number=locked.number, note=note)
    return locked
