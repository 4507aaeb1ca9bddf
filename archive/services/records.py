"""Filing (归档), corrections of filed records, locations and box placement (DA/T 22)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import require_staff
from archive import permissions, states
from archive.models import (
    ArchiveRecord,
    Category,
    Department,
    Fonds,
    Location,
    RecordCorrection,
    RetentionPeriod,
    TypeDefault,
)
from archive.services.numbering import archival_code, item_series, next_number
from core.errors import Conflict, InvalidInput
from docstore.models import Document


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def disposal_due(trigger: datetime.date, retention: RetentionPeriod):
    return None if retention.years is None else add_years(trigger, retention.years)


def default_fonds() -> Fonds:
    fonds = Fonds.objects.filter(is_default=True).first() or Fonds.objects.order_by("code").first()
    if fonds is None:
        raise InvalidInput(_("尚未设置全宗号。"), code="no_scheme")
    return fonds


def default_department() -> Department:
    department = Department.objects.filter(is_default=True).first() or Department.objects.first()
    if department is None:
        raise InvalidInput(_("尚未设置机构代码。"), code="no_scheme")
    return department


def check_box(box: Location | None, *, fonds, year, retention, department) -> None:
    """DA/T 22: a box holds one fonds, one year, one retention period and one department."""
    if box is None:
        return
    if not box.is_box:
        raise InvalidInput(_("“%(name)s”不是档案盒，只能放入档案盒。") % {"name": box.name}, code="not_a_box")
    reasons = []
    if box.fonds_id and box.fonds_id != fonds.pk:
        reasons.append(_("全宗为 %(box)s，本件为 %(rec)s") % {"box": box.fonds.code, "rec": fonds.code})
    if box.year != year:
        reasons.append(_("年度为 %(box)s，本件为 %(rec)s") % {"box": box.year, "rec": year})
    if box.retention_id != retention.pk:
        reasons.append(
            _("保管期限为 %(box)s，本件为 %(rec)s") % {"box": box.retention.code, "rec": retention.code}
        )
    if box.department_id != department.pk:
        reasons.append(
            _("机构为 %(box)s，本件为 %(rec)s") % {"box": box.department.code, "rec": department.code}
        )
    if reasons:
        raise InvalidInput(
            _("不能放入该盒：一盒只装同一年度、同一保管期限、同一机构的文件（%(why)s）。")
            % {"why": "；".join(str(r) for r in reasons)},
            code="wrong_box",
        )


def _lookup(model, value, label):
    if value is None or isinstance(value, model):
        return value
    obj = model.objects.filter(code=value).first()
    if obj is None:
        raise InvalidInput(
            _("未知的%(what)s：%(value)s") % {"what": label, "value": value}, code="unknown_code"
        )
    return obj


def file_document(
    actor,
    document,
    *,
    category=None,
    retention=None,
    department=None,
    box: Location | None = None,
    year: int | None = None,
    fonds=None,
    responsible: str = "",
    doc_date: datetime.date | None = None,
    note: str = "",
) -> ArchiveRecord:
    """File a document: assign its archival code (once, gapless) and lock its core metadata."""
    permissions.require_keeper(actor)
    version = document.current_version
    if version is None:
        raise InvalidInput(_("文档没有任何版本，无法归档。"), code="no_version")
    category = _lookup(Category, category, _("门类"))
    retention = _lookup(RetentionPeriod, retention, _("保管期限"))
    department = _lookup(Department, department, _("机构代码")) or default_department()
    fonds = _lookup(Fonds, fonds, _("全宗号")) or default_fonds()
    if category is None or retention is None:
        rule = TypeDefault.objects.filter(doc_type_id=document.doc_type_id).select_related(
            "category", "retention"
        )
        rule = rule.first()
        if rule is None:
            raise InvalidInput(_("请选择门类和保管期限。"), code="no_default")
        category = category or rule.category
        retention = retention or rule.retention
    if not category.is_active:
        raise InvalidInput(_("门类 %(code)s 已停用。") % {"code": category.code}, code="inactive_category")
    now = timezone.now()
    today = timezone.localdate(now)
    year = int(year or today.year)
    if not 1900 <= year <= today.year + 1:
        raise InvalidInput(_("年度无效：%(year)s") % {"year": year}, code="bad_year")
    check_box(box, fonds=fonds, year=year, retention=retention, department=department)
    try:
        with transaction.atomic():
            # The document's row lock orders this against a new version (docstore takes the same lock and
            # then refuses a filed document): the version filed is the current one when the record is made.
            version = Document.objects.select_for_update().get(pk=document.pk).current_version
            if ArchiveRecord.objects.filter(document=document).exists():
                raise Conflict(_("该文档已归档。"), code="already_filed")
            number = next_number(item_series(fonds, category, year, retention, department))
            record = ArchiveRecord.objects.create(
                document=document,
                version=version,
                dossier_id=document.dossier_id,
                fonds=fonds,
                category=category,
                year=year,
                retention=retention,
                department=department,
                item_number=number,
                archival_code=archival_code(fonds, category, year, retention, department, number),
                title=document.title[:200],
                responsible=responsible[:100],
                doc_date=doc_date,
                page_count=version.page_count,
                note=note[:500],
                box=box,
                trigger_date=today,
                trigger_event="",
                disposal_due=disposal_due(today, retention),
                filed_by=actor,
                filed_at=now,
            )
            audit.record(
                actor,
                "archive.filed",
                record,
                code=record.archival_code,
                document=document.pk,
                version=version.number,
                sha256=version.sha256,
                box=box.pk if box else None,
            )
    except IntegrityError as exc:  # the same document filed at the same moment by someone else
        raise Conflict(_("该文档已归档。"), code="already_filed") from exc
    return record


def _display(value) -> str:
    return "" if value is None else str(value)


def correct_record(actor, record: ArchiveRecord, *, reason: str, **changes) -> list[RecordCorrection]:
    """The manager corrects locked metadata; each changed field is kept as a correction, audited.
    The archival code and the fields it is made of never change."""
    permissions.require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写更正理由。"), code="reason_required")
    bad = [name for name in changes if name not in ArchiveRecord.CORRECTABLE]
    if bad:
        raise InvalidInput(
            _("不能更正：%(fields)s（档号及其组成项一经赋予不再改变）。") % {"fields": "、".join(bad)},
            code="not_correctable",
        )
    with transaction.atomic():
        locked = ArchiveRecord.objects.select_for_update().get(pk=record.pk)
        states.RECORD.check(locked, "correct")
        corrections = []
        for name, value in changes.items():
            old = getattr(locked, name)
            if name in ("title", "responsible", "note"):
                value = (value or "").strip()
                if name == "title" and not value:
                    raise InvalidInput(_("题名不能为空。"), code="title_required")
            if old == value:
                continue
            setattr(locked, name, value)
            corrections.append(
                RecordCorrection(
                    record=locked,
                    field=name,
                    old_value=_display(old),
                    new_value=_display(value),
                    reason=reason[:500],
                    corrected_by=actor,
                )
            )
        if not corrections:
            raise InvalidInput(_("没有需要更正的内容。"), code="no_change")
        locked.corrected = True
        locked._correcting = True
        locked.save()
        RecordCorrection.objects.bulk_create(corrections)
        audit.record(
            actor,
            "archive.corrected",
            locked,
            code=locked.archival_code,
            reason=reason,
            changes={c.field: [c.old_value, c.new_value] for c in corrections},
        )
    return corrections


def set_retention_trigger(actor, records, *, trigger_date: datetime.date, event: str) -> int:
    """Retention runs from an event (e.g. contract completed): set the start date of these records."""
    permissions.require_keeper(actor)
    event = (event or "").strip()
    if not event:
        raise InvalidInput(_("请填写起算事件。"), code="event_required")
    if trigger_date > timezone.localdate():
        raise InvalidInput(_("起算日不能晚于今天。"), code="future_date")
    count = 0
    with transaction.atomic():
        for record in (
            ArchiveRecord.objects.select_for_update()
            .select_related("retention")
            .filter(
                pk__in=[r.pk for r in records], status__in=states.RECORD.transition("set_trigger").sources
            )
        ):
            before = record.trigger_date
            record.trigger_date = trigger_date
            record.trigger_event = event[:50]
            record.disposal_due = disposal_due(trigger_date, record.retention)
            record.save(update_fields=["trigger_date", "trigger_event", "disposal_due"])
            audit.record(
                actor,
                "archive.retention_trigger",
                record,
                code=record.archival_code,
                event=event,
                before=before,
                after=trigger_date,
            )
            count += 1
    return count


def create_location(
    actor,
    *,
    kind: str,
    name: str,
    parent: Location | None = None,
    year: int | None = None,
    retention=None,
    department=None,
    fonds=None,
    box_number: int | None = None,
    note: str = "",
) -> Location:
    permissions.require_keeper(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("请填写名称。"), code="name_required")
    if kind not in Location.Kind.values:
        raise InvalidInput(_("未知的位置类型：%(kind)s") % {"kind": kind}, code="bad_kind")
    wanted_parent = Location.PARENT_KIND[kind]
    if (parent.kind if parent else None) != wanted_parent:
        raise InvalidInput(
            _("位置层级为 库房 → 档案柜 → 层架 → 档案盒：%(kind)s 的上级必须是 %(parent)s。")
            % {
                "kind": Location.Kind(kind).label,
                "parent": Location.Kind(wanted_parent).label if wanted_parent else _("无"),
            },
            code="bad_parent",
        )
    fields = {}
    if kind == Location.Kind.BOX:
        retention = _lookup(RetentionPeriod, retention, _("保管期限"))
        department = _lookup(Department, department, _("机构代码")) or default_department()
        fonds = _lookup(Fonds, fonds, _("全宗号")) or default_fonds()
        if not year or retention is None:
            raise InvalidInput(
                _("档案盒须标明年度和保管期限（一盒一年度、一期限、一机构）。"), code="box_fields"
            )
        fields = {"year": int(year), "retention": retention, "department": department, "fonds": fonds}
    try:
        with transaction.atomic():
            if Location.objects.filter(parent=parent, name=name[:50]).exists():
                raise IntegrityError("duplicate location")
            if kind == Location.Kind.BOX and not box_number:
                box_number = (
                    Location.objects.filter(
                        kind=Location.Kind.BOX,
                        year=fields["year"],
                        retention=fields["retention"],
                        department=fields["department"],
                    ).count()
                    + 1
                )
            location = Location.objects.create(
                kind=kind, name=name[:50], parent=parent, box_number=box_number, note=note, **fields
            )
            audit.record(
                actor, "archive.location_created", location, kind=kind, parent=parent.pk if parent else None
            )
    except IntegrityError as exc:
        raise Conflict(
            _("同一上级下已有同名位置：%(name)s") % {"name": name}, code="duplicate_location"
        ) from exc
    return location


def place_in_box(actor, record: ArchiveRecord, box: Location | None) -> ArchiveRecord:
    permissions.require_keeper(actor)
    states.RECORD.check(record, "place")
    check_box(
        box, fonds=record.fonds, year=record.year, retention=record.retention, department=record.department
    )
    with transaction.atomic():
        before = record.box_id
        record.box = box
        record.save(update_fields=["box"])
        audit.record(
            actor,
            "archive.placed",
            record,
            code=record.archival_code,
            before=before,
            box=box.pk if box else None,
        )
    return record


def record_export(actor, records) -> None:
    """Exporting archival files (BagIt) is audited: who took which records out."""
    require_staff(actor)
    with transaction.atomic():
        audit.record(actor, "archive.exported", None, codes=[r.archival_code for r in records])
