"""Reads that are more than a one-line query."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from archive import conf
from archive.models import (
    ArchiveRecord,
    DisposalBatch,
    DisposalItem,
    Filing,
    Hold,
    Letter,
    Location,
    Movement,
    Original,
)
from docstore.models import Document, Version


def record_list():
    return ArchiveRecord.objects.select_related(
        "fonds", "category", "retention", "department", "box", "dossier"
    ).order_by("-id")


def active_holds():
    return Hold.objects.filter(released_at__isnull=True)


def _held_q():
    holds = active_holds()
    return Exists(holds.filter(record=OuterRef("pk"))) | Exists(holds.filter(dossier=OuterRef("dossier_id")))


def held_records(queryset) -> list[str]:
    """Archival codes in this queryset under an active hold (own or its dossier's)."""
    return list(queryset.filter(_held_q()).values_list("archival_code", flat=True))


def is_held(record: ArchiveRecord) -> bool:
    return (
        active_holds()
        .filter(Q(record=record) | Q(dossier_id=record.dossier_id, dossier__isnull=False))
        .exists()
    )


def due_for_disposal(today: datetime.date | None = None):
    """Filed records past their retention, not held and not already in a batch awaiting approval."""
    today = today or timezone.localdate()
    pending = DisposalItem.objects.filter(record=OuterRef("pk"), batch__status=DisposalBatch.Status.PROPOSED)
    return (
        record_list()
        .filter(status=ArchiveRecord.Status.FILED, disposal_due__lte=today)
        .exclude(_held_q())
        .exclude(Exists(pending))
        .order_by("disposal_due", "archival_code")
    )


def disposed_document_ids():
    """Documents whose record was disposed of (docstore.purge asks this: their versions are no live
    reference and nothing derives or indexes them again)."""
    return ArchiveRecord.objects.filter(status=ArchiveRecord.Status.DISPOSED).values("document_id")


def disposed_blobs() -> set[str]:
    """sha256 whose bytes an approved disposal deleted on purpose (storage GC and fixity must not miss them)."""
    found: set[str] = set()
    for shas in DisposalItem.objects.filter(batch__status=DisposalBatch.Status.APPROVED).values_list(
        "deleted_blobs", flat=True
    ):
        found.update(shas or [])
    return found


def open_checkouts():
    return Movement.objects.filter(kind=Movement.Kind.CHECKOUT, closed_at__isnull=True).select_related(
        "original", "original__document", "original__document__dossier", "holder", "original__home"
    )


def overdue_movements(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return open_checkouts().filter(due_date__lt=today).order_by("due_date", "id")


def due_soon_movements(user=None):
    today = timezone.localdate()
    qs = open_checkouts().filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=conf.reminder_days_ahead())
    )
    return qs.filter(holder=user) if user is not None else qs


def overdue_letters(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        Letter.objects.filter(status=Letter.Status.OPEN, reply_due__lt=today)
        .select_related("created_by")
        .order_by("reply_due", "id")
    )


def filings_not_returned(days: int | None = None):
    days = conf.filing_not_returned_days() if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        Filing.objects.filter(
            status__in=[Filing.Status.SUBMITTED, Filing.Status.ACCEPTED], submitted_at__lt=cutoff
        )
        .select_related("document", "document__dossier", "submitted_by")
        .order_by("submitted_at")
    )


def nav_counts(user) -> dict:
    """Badges for the navigation: overdue originals (all for keepers, own for others)."""
    from archive import permissions

    qs = overdue_movements()
    if not permissions.can_keep(user):
        qs = qs.filter(holder=user)
    counts = {"originals_overdue": qs.count()}
    if permissions.is_manager(user):
        counts["disposals_to_decide"] = disposals_to_decide(user).count()
    return counts


def disposals_to_decide(user):
    """Disposal lists waiting for this manager's decision (never the ones he proposed), oldest first."""
    from archive import permissions

    if not permissions.is_manager(user):
        return DisposalBatch.objects.none()
    return (
        DisposalBatch.objects.filter(status=DisposalBatch.Status.PROPOSED)
        .exclude(proposed_by=user)
        .select_related("proposed_by")
        .order_by("id")
    )


def reminders(user) -> dict:
    """What the app reminds this user of: own overdue and due-soon originals, and for keepers all overdue."""
    from archive import permissions

    data = {
        "my_overdue": list(overdue_movements().filter(holder=user)),
        "my_due_soon": list(due_soon_movements(user)),
    }
    if permissions.can_keep(user):
        data["all_overdue"] = list(overdue_movements()[:50])
        data["letters_overdue"] = list(overdue_letters()[:50])
        data["filings_not_returned"] = list(filings_not_returned()[:50])
    return data


def location_tree():
    """All locations as nested dicts (rooms first), with record counts on boxes; two queries."""
    from django.db.models import Count

    nodes = list(
        Location.objects.select_related("retention", "department")
        .annotate(record_count=Count("records"))
        .order_by("position", "name")
    )
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    for node in nodes:
        node.child_nodes = children.get(node.pk, [])
    return children.get(None, [])


def item_number_gaps(record: ArchiveRecord) -> list[int]:
    """Missing item numbers in this record's series (1..max)."""
    numbers = set(
        ArchiveRecord.objects.filter(
            fonds_id=record.fonds_id,
            category_id=record.category_id,
            year=record.year,
            retention_id=record.retention_id,
            department_id=record.department_id,
        ).values_list("item_number", flat=True)
    )
    top = max(numbers) if numbers else 0
    return [n for n in range(1, top + 1) if n not in numbers]


def box_records(box: Location):
    return (
        ArchiveRecord.objects.filter(box=box)
        .select_related("fonds", "retention", "department", "category")
        .order_by("category__code", "item_number")
    )


# ---- reads the workbench composes


def documents_to_file():
    """Documents in a dossier, not yet archived, whose current version is stamped or whose filing with the
    housing authority came back: the clerk archives these next."""
    returned = Filing.objects.filter(document=OuterRef("pk"), status=Filing.Status.RETURNED)
    archived = ArchiveRecord.objects.filter(document=OuterRef("pk"))
    return (
        Document.objects.filter(parent__isnull=True)
        .filter(
            Q(current_version__origin__in=(Version.Origin.STAMP, Version.Origin.STAMP_EVIDENCE))
            | Exists(returned)
        )
        .exclude(Exists(archived))
        .select_related("dossier", "doc_type", "current_version")
        .order_by("-updated_at", "-id")
    )


def originals_held_by(user):
    """Open check-outs of originals this person holds, soonest due first."""
    return open_checkouts().filter(holder=user).order_by("due_date", "id")


def letters_due(within_days: int, today: datetime.date | None = None):
    """Open letters whose reply is due within `within_days` days, or overdue."""
    horizon = (today or timezone.localdate()) + datetime.timedelta(days=within_days)
    return Letter.objects.filter(
        status=Letter.Status.OPEN, reply_due__isnull=False, reply_due__lte=horizon
    ).order_by("reply_due", "id")


def registered_since(start) -> dict[str, int]:
    """How many letters, archive records and originals were registered since `start`."""
    return {
        "letters": Letter.objects.filter(created_at__gte=start).count(),
        "records": ArchiveRecord.objects.filter(filed_at__gte=start).count(),
        "originals": Original.objects.filter(created_at__gte=start).count(),
    }


def filed_times(since) -> list[datetime.datetime]:
    """When each record filed since `since` was filed."""
    return list(ArchiveRecord.objects.filter(filed_at__gte=since).values_list("filed_at", flat=True))


def originals_out_by_party() -> dict[str, int]:
    """{party type: originals out now}."""
    return dict(
        Movement.objects.filter(kind=Movement.Kind.CHECKOUT, closed_at__isnull=True)
        .values_list("party_type")
        .annotate(n=Count("id"))
        .order_by()
    )


def dossier_objects(dossier) -> dict[str, set]:
    """Audit object keys (object_type -> ids) of the archive's records, originals, filings and letters of
    this dossier or its documents."""
    in_dossier = Q(document__dossier=dossier)
    return {
        ArchiveRecord._meta.label_lower: set(
            ArchiveRecord.objects.filter(Q(dossier=dossier) | in_dossier).values_list("pk", flat=True)
        ),
        Original._meta.label_lower: set(Original.objects.filter(in_dossier).values_list("pk", flat=True)),
        Filing._meta.label_lower: set(Filing.objects.filter(in_dossier).values_list("pk", flat=True)),
        Letter._meta.label_lower: set(
            Letter.objects.filter(in_dossier | Q(dossier=dossier)).values_list("pk", flat=True)
        ),
    }


def find_records(q: str, limit: int):
    """Archive records whose archival code or title contains `q`, newest first."""
    return ArchiveRecord.objects.filter(Q(archival_code__icontains=q) | Q(title__icontains=q)).order_by(
        "-id"
    )[:limit]


def find_letters(q: str, limit: int):
    """Letters whose number, subject or counterparty contains `q`, newest first."""
    return Letter.objects.filter(
        Q(number__icontains=q) | Q(subject__icontains=q) | Q(counterparty__icontains=q)
    ).order_by("-year", "-seq")[:limit]


def documents_by_code(q: str, limit: int) -> list[int]:
    """Ids of the documents whose archival code contains `q` (docstore's document picker asks)."""
    return list(
        ArchiveRecord.objects.filter(archival_code__icontains=q, document__isnull=False)
        .order_by("-id")
        .values_list("document_id", flat=True)[:limit]
    )


def pick_originals(q: str, limit: int, *, document_id: int | None = None):
    """The original picker: by its document's title, unit or customer, its archival code or its label."""
    originals = Original.objects.all()
    if document_id:
        originals = originals.filter(document_id=document_id)
    if q:
        condition = Q(document__title__icontains=q) | Q(label__icontains=q)
        condition |= Q(document__dossier__unit__icontains=q) | Q(
            document__dossier__customers__name__icontains=q
        )
        condition |= Q(document__archive_record__archival_code__icontains=q)
        if "-" in q:
            building, _sep, unit = q.partition("-")
            condition |= Q(document__dossier__building=building.strip(), document__dossier__unit=unit.strip())
        originals = originals.filter(condition)
    ids = list(originals.order_by("-id").values_list("pk", flat=True).distinct()[:limit])
    found = Original.objects.filter(pk__in=ids).select_related(
        "document", "document__dossier", "home", "current_movement"
    )
    return sorted(found, key=lambda o: ids.index(o.pk))
