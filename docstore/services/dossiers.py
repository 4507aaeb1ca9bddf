"""Dossiers (案卷): one sale, keyed by project, building and unit, with its customers."""

import re

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, InvalidInput
from docstore import permissions
from docstore.models import Customer, Document, Dossier
from docstore.signals import dossier_changed

# "8-2101", "8－2101", "8栋2101", "8#2101": a building number typed in front of the unit
_BUILDING_PREFIX = re.compile(r"^\s*([0-9A-Za-z]+)\s*(?:-|－|—|栋|幢|号楼|#)\s*(.+)$")


def normalise_unit(building: str, unit: str) -> str:
    """The unit without the building in front: "8-2101" in building 8 is unit 2101 (the label is then
    "8-2101", not "8-8-2101"). A different building in front ("5-2101" in building 8) is refused: the clerk
    must say which one is right."""
    found = _BUILDING_PREFIX.match(unit)
    if not found:
        return unit
    prefix, rest = found.group(1), found.group(2).strip()
    if prefix.lower() == building.lower():
        return rest
    if building and prefix.isdigit() and building.isdigit():
        raise InvalidInput(
            _(
                "房号“%(unit)s”以楼栋号 %(prefix)s 开头，与楼栋 %(building)s 不一致：房号只填楼栋后的部分，如 2101。"
            )
            % {"unit": unit, "prefix": prefix, "building": building},
            code="unit_repeats_building",
        )
    return unit  # "A-1201" style unit numbers of their own


def _key(project: str, building: str, unit: str) -> tuple[str, str, str]:
    project, building, unit = (project or "").strip(), (building or "").strip(), (unit or "").strip()
    if not (project and building and unit):
        raise InvalidInput(_("项目、楼栋和房号都必须填写。"))
    return project, building, normalise_unit(building, unit)


def create_dossier(actor, *, project: str, building: str, unit: str, customers=(), note: str = "") -> Dossier:
    permissions.require_dossier_manager(actor)
    project, building, unit = _key(project, building, unit)
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                project=project, building=building, unit=unit, note=note, created_by=actor
            )
            _set_customers(dossier, customers)
            audit.record(actor, "dossier.created", dossier, customers=[c["name"] for c in _clean(customers)])
    except IntegrityError as exc:
        raise Conflict(
            _("案卷已存在：%(project)s %(building)s-%(unit)s。")
            % {"project": project, "building": building, "unit": unit},
            code="duplicate_dossier",
        ) from exc
    return dossier


def update_dossier_customers(actor, dossier: Dossier, customers) -> Dossier:
    permissions.require_dossier_manager(actor)
    with transaction.atomic():
        before = list(dossier.customers.values("name", "id_number"))
        dossier.customers.all().delete()
        _set_customers(dossier, customers)
        audit.record(actor, "dossier.customers_changed", dossier, before=before, after=_clean(customers))
        # The search entries of its documents carry the customers' names: the background work reindexes.
        transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, dossier=dossier))
    return dossier


def _clean(customers) -> list[dict]:
    cleaned = []
    for item in customers or ():
        name = (item.get("name") or "").strip()
        if not name:
            raise InvalidInput(_("客户姓名不能为空。"))
        cleaned.append({"name": name, "id_number": (item.get("id_number") or "").strip().upper()})
    return cleaned


def _set_customers(dossier: Dossier, customers) -> None:
    Customer.objects.bulk_create(
        Customer(dossier=dossier, position=i, **item) for i, item in enumerate(_clean(customers))
    )


def correct_dossier(
    actor, dossier: Dossier, *, project: str, building: str, unit: str, customers=None, note=None, reason=""
) -> Dossier:
    """Correct a dossier's project, building, unit (normalised as at creation), customers and note: one
    audited event naming what changed, shown on the dossier's timeline."""
    permissions.require_dossier_manager(actor)
    project, building, unit = _key(project, building, unit)
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            before = {"project": locked.project, "building": locked.building, "unit": locked.unit}
            after = {"project": project, "building": building, "unit": unit}
            changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            if note is not None and note != locked.note:
                changes["note"] = [locked.note, note]
                locked.note = note
            old_customers = list(locked.customers.values("name", "id_number"))
            if customers is not None and _clean(customers) != old_customers:
                changes["customers"] = [
                    [c["name"] for c in old_customers],
                    [c["name"] for c in _clean(customers)],
                ]
                locked.customers.all().delete()
                _set_customers(locked, customers)
            if not changes:
                return locked
            locked.project, locked.building, locked.unit = project, building, unit
            locked.save(update_fields=["project", "building", "unit", "note"])
            # each document keeps its dossier's unit label as the list's sort key
            Document.objects.filter(dossier=locked).update(unit_key=Document.unit_key_of(locked))
            audit.record(
                actor, "dossier.corrected", locked, changes=changes, reason=(reason or "")[:500],
                change=_describe(changes),
            )  # fmt: skip
            transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, dossier=locked))
    except IntegrityError as exc:
        raise Conflict(
            _("案卷已存在：%(project)s %(building)s-%(unit)s。")
            % {"project": project, "building": building, "unit": unit},
            code="duplicate_dossier",
        ) from exc
    return locked


def _describe(changes: dict) -> str:
    labels = {"project": _("项目"), "building": _("楼栋"), "unit": _("房号"), "note": _("备注"),
              "customers": _("客户")}  # fmt: skip
    parts = []
    for key, (old, new) in changes.items():
        if isinstance(old, list):
            old, new = "、".join(old) or "—", "、".join(new) or "—"
        parts.append(f"{labels[key]} {old or '—'} → {new or '—'}")
    return "；".join(parts)


def delete_dossier(actor, dossier: Dossier) -> None:
    """Delete a mistyped dossier: only an empty one (no document, no seal request, no archive record), 409
    otherwise. The audit event keeps what it was."""
    permissions.require_dossier_manager(actor)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.documents.exists():
            raise Conflict(
                _("案卷中还有文档，不能删除；请先把文档更正到正确的案卷。"), code="dossier_not_empty"
            )
        audit.record(
            actor, "dossier.deleted", locked, project=locked.project, unit=locked.unit_label,
            customers=[c.name for c in locked.customers.all()],
        )  # fmt: skip
        try:
            with transaction.atomic():
                locked.customers.all().delete()
                locked.delete()
        except ProtectedError as exc:  # a seal request or an archive record still names it
            raise Conflict(_("案卷已被用章申请或档案引用，不能删除。"), code="dossier_in_use") from exc
