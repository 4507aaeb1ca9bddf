"""Suggestions from a document's text, confirmed one at a time by a clerk: an ID number into a customer of the
document's dossier, the other kinds into the document's metadata. Nothing is filled without a click; each
confirmation is audited. The value must still be among the suggestions of the current version's text."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from core.errors import InvalidInput
from docstore import freezing, permissions, search, suggestions
from docstore.models import Customer, Document, Dossier
from docstore.signals import document_changed, dossier_changed

# the metadata key each kind is written under (the department's own words)
METADATA_KEYS = {
    "contract_number": gettext_lazy("合同编号"),
    "unit": gettext_lazy("房号"),
    "amount": gettext_lazy("金额"),
    "date": gettext_lazy("日期"),
}
KIND_LABELS = {
    "contract_number": gettext_lazy("合同编号"),
    "id_number": gettext_lazy("身份证号"),
    "unit": gettext_lazy("房号"),
    "amount": gettext_lazy("金额"),
    "date": gettext_lazy("日期"),
}


def current_text(document: Document) -> str:
    return search.current_body(document) if document.current_version_id else ""


def suggestions_of(document: Document) -> list[dict]:
    """The suggestions of the current version's text, each with where it would go and whether it is there."""
    text = current_text(document)
    if not text.strip():
        return []
    metadata = {str(k): str(v) for k, v in (document.metadata or {}).items()}
    customers = list(document.dossier.customers.all()) if document.dossier_id else []
    known_ids = {c.id_number.upper() for c in customers if c.id_number}
    rows = []
    for kind, found in suggestions.extract(text).items():
        for suggestion in found:
            if kind == "id_number":
                done = suggestion.value in known_ids
            else:
                done = metadata.get(str(METADATA_KEYS[kind])) == suggestion.value
            rows.append(
                {"suggestion": suggestion, "label": KIND_LABELS[kind], "done": done, "customers": customers}
            )
    return rows


def confirm(actor, document: Document, *, kind: str, value: str, customer_id: int | None = None) -> Document:
    """Write one suggestion where it belongs; 400 when it is no suggestion of the current text."""
    permissions.require_can_edit(actor, document)
    # a disposed document's text is gone; a filed one's metadata is the archive's (its audited correction)
    freezing.require_not_disposed(document)
    if kind != "id_number":
        freezing.require_not_frozen(document)
    if kind not in suggestions.KINDS:
        raise InvalidInput(_("未知的建议类型。"))
    offered = {s.value for s in suggestions.extract(current_text(document)).get(kind, [])}
    if value not in offered:
        raise InvalidInput(_("该建议不在当前版本的文本中。"))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if kind == "id_number":
            permissions.require_dossier_manager(actor)
            if document.dossier_id is None:
                raise InvalidInput(_("文档不属于案卷，证件号无处填写。"))
            customer = Customer.objects.filter(pk=customer_id, dossier_id=document.dossier_id).first()
            if customer is None:
                raise InvalidInput(_("请选择本案卷的客户。"))
            before = customer.id_number
            Customer.objects.filter(pk=customer.pk).update(id_number=value)
            audit.record(
                actor,
                "document.suggestion_confirmed",
                document,
                kind=kind,
                value=value,
                customer=customer.name,
                before=before,
            )
            dossier = Dossier.objects.get(pk=document.dossier_id)
            transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, dossier=dossier))
            return document
        key = str(METADATA_KEYS[kind])
        metadata = dict(document.metadata or {})
        before = metadata.get(key)
        metadata[key] = value
        Document.objects.filter(pk=document.pk).update(metadata=metadata)
        document.metadata = metadata
        audit.record(
            actor, "document.suggestion_confirmed", document, kind=kind, value=value, key=key, before=before
        )
        transaction.on_commit(lambda: document_changed.send(sender=Document, document=document))
    return document
