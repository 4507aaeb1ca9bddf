"""The document and dossier lists: saved filters per person, and the bulk actions docstore itself offers on
the selected documents (change the type, download as one zip). Filing them is the archive's bulk action
(docstore.registry.document_bulk_actions)."""

from urllib.parse import parse_qsl, urlencode

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import require_staff
from core.errors import Conflict, DomainError, Forbidden, InvalidInput
from docstore import freezing, permissions
from docstore.models import Document, DocumentType, SavedFilter
from docstore.services import corrections

MAX_SELECTED = 200
MAX_SAVED = 30


def save_filter(actor, *, list_name: str, name: str, query: str) -> SavedFilter:
    """Keep the list's current query under a name (a second save under the same name replaces it)."""
    require_staff(actor)
    name = (name or "").strip()[:60]
    if list_name not in SavedFilter.ListName.values:
        raise InvalidInput(_("未知的列表。"), code="bad_list")
    if not name:
        raise InvalidInput(_("请给筛选起个名字。"), code="name_required")
    # only the filter's own parameters: never the page number
    pairs = [(k, v) for k, v in parse_qsl(query or "", keep_blank_values=False) if k != "page"]
    if not pairs:
        raise InvalidInput(_("当前没有筛选条件，无需保存。"), code="empty_filter")
    clean = urlencode(pairs)[:1000]
    try:
        with transaction.atomic():
            if SavedFilter.objects.filter(user=actor).count() >= MAX_SAVED:
                raise Conflict(_("最多保存 %(n)s 个筛选。") % {"n": MAX_SAVED}, code="too_many_filters")
            saved, _created = SavedFilter.objects.update_or_create(
                user=actor, list_name=list_name, name=name, defaults={"query": clean}
            )
            audit.record(actor, "saved_filter.saved", saved, list=list_name, query=clean)
    except IntegrityError as exc:  # two saves under one name at once
        raise Conflict(_("同名的筛选已存在。"), code="duplicate_filter") from exc
    return saved


def delete_filter(actor, saved: SavedFilter) -> None:
    if saved.user_id != actor.pk:
        raise Forbidden(_("只能删除自己保存的筛选。"))
    with transaction.atomic():
        audit.record(actor, "saved_filter.deleted", saved, list=saved.list_name, name=saved.name)
        saved.delete()


def selected(ids, *, queryset=None) -> list[Document]:
    """The selected documents, in the list's order; bad input (none, too many, not numbers) is 400."""
    try:
        keys = sorted({int(i) for i in ids})
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("所选文档无效。"), code="bad_selection") from exc
    if not keys:
        raise InvalidInput(_("请先勾选文档。"), code="nothing_selected")
    if len(keys) > MAX_SELECTED or any(not 1 <= k <= 2**63 - 1 for k in keys):
        raise InvalidInput(_("一次最多选择 %(n)s 份文档。") % {"n": MAX_SELECTED}, code="bad_selection")
    found = (queryset or Document.objects.select_related("doc_type", "dossier", "current_version")).filter(
        pk__in=keys
    )
    return sorted(found, key=lambda d: keys.index(d.pk))


def change_type(actor, documents: list[Document], doc_type: DocumentType) -> tuple[list, list]:
    """Correct the type of each selected document (each correction audited, as one by one). Filed, checked
    out by another, or a template for someone who is not the manager: skipped and named, the rest done."""
    permissions.require_can_edit(actor, doc_type=doc_type)
    changed, skipped = [], []
    with transaction.atomic():
        for document in documents:
            try:
                corrections.correct_document(
                    actor, document, title=document.title, doc_type=doc_type, dossier=document.dossier
                )
            except DomainError as exc:
                skipped.append((document, str(exc.detail)))
            else:
                changed.append(document)
    return changed, skipped


def versions_to_zip(actor, documents: list[Document]) -> list:
    """The current versions of the selected documents for one zip (disposed ones have no bytes left and are
    left out); each download is audited as a single download is."""
    require_staff(actor)
    frozen = freezing.freezes([d.pk for d in documents])
    versions = [
        d.current_version
        for d in documents
        if d.current_version is not None and not (d.pk in frozen and frozen[d.pk].disposed)
    ]
    if not versions:
        raise Conflict(_("所选文档没有可下载的文件。"), code="nothing_to_zip")
    with transaction.atomic():
        for version in versions:
            audit.record(
                actor, "version.downloaded", version.document, version=version.number, sha256=version.sha256,
                zip=True,
            )  # fmt: skip
    return versions
