"""Correcting a document's description (title, type, dossier) until it is filed. After filing the archive
record is what describes it, and the archive's audited correction changes that (docstore refuses with 409
`filed`, naming the archival code)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, InvalidInput
from docstore import freezing, permissions, selectors
from docstore.models import Document, DocumentType, Dossier
from docstore.signals import document_changed


def correct_document(
    actor,
    document: Document,
    *,
    title: str,
    doc_type: DocumentType,
    dossier: Dossier | None,
    reason: str = "",
) -> Document:
    """One audited event naming what changed. Its attachments follow it to another dossier; an attachment
    itself stays in its document's dossier."""
    permissions.require_can_edit(actor, document=document)
    permissions.require_can_edit(actor, doc_type=doc_type)  # nobody but the manager makes a template
    freezing.require_not_frozen(document)
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("标题不能为空。"), code="title_required")
    with transaction.atomic():
        locked = (
            # only the document's row: its dossier is an outer join, which PostgreSQL cannot lock
            Document.objects.select_for_update(of=("self",))
            .select_related("doc_type", "dossier")
            .get(pk=document.pk)
        )
        freezing.require_not_frozen(locked)
        lock = selectors.active_lock(locked)
        if lock is not None and lock.holder_id != actor.pk and lock.expires_at > _now():
            raise Conflict(
                _("该文档已被 %(who)s 签出编辑，签入后才能更正。") % {"who": lock.holder.label},
                code="checked_out",
            )
        new_dossier_id = dossier.pk if dossier else None
        if locked.parent_id and new_dossier_id != locked.dossier_id:
            raise InvalidInput(_("附件随所属文档的案卷，不能单独更正案卷。"), code="attachment_dossier")
        changes = {}
        if title[:200] != locked.title:
            changes["title"] = [locked.title, title[:200]]
        if doc_type.pk != locked.doc_type_id:
            changes["doc_type"] = [str(locked.doc_type), str(doc_type)]
        if new_dossier_id != locked.dossier_id:
            changes["dossier"] = [str(locked.dossier or "—"), str(dossier or "—")]
        if not changes:
            return locked
        locked.title, locked.doc_type, locked.dossier = title[:200], doc_type, dossier
        locked.unit_key = Document.unit_key_of(dossier)  # the list's sorts by unit and by type
        locked.type_position = doc_type.position
        locked.save()
        if "dossier" in changes:
            for child in Document.objects.filter(parent=locked):
                freezing.require_not_frozen(child)
                child.dossier, child.unit_key = dossier, locked.unit_key
                child.save(update_fields=["dossier", "unit_key", "updated_at"])
        change = "；".join(f"{_label(k)} {old} → {new}" for k, (old, new) in changes.items())
        audit.record(actor, "document.corrected", locked, changes=changes, change=change, reason=reason[:500])
        # the search entries carry the title and the dossier's unit and customers
        for moved in [locked, *Document.objects.filter(parent=locked)]:
            transaction.on_commit(lambda d=moved: document_changed.send(sender=Document, document=d))
    return locked


def _now():
    from django.utils import timezone

    return timezone.now()


def _label(key: str) -> str:
    return {"title": _("标题"), "doc_type": _("类型"), "dossier": _("案卷")}[key]
