"""Dossiers (案卷): one sale, keyed by project, building and unit, with its customers."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import audit
from core.errors import Conflict, InvalidInput
from docstore import permissions
from docstore.models import Customer, Dossier
from docstore.signals import dossier_changed


def create_dossier(actor, *, project: str, building: str, unit: str, customers=(), note: str = "") -> Dossier:
    permissions.require_dossier_manager(actor)
    project, building, unit = (project or "").strip(), (building or "").strip(), (unit or "").strip()
    if not (project and building and unit):
        raise InvalidInput(_("项目、楼栋和房号都必须填写。"))
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
