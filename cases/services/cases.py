"""Opening a case from its template (the steps are copied), cancelling it, moving it to another unit."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import require_staff
from cases import permissions, specs, states
from cases.models import Case, CaseKind, CaseMove, CaseTemplate, Sale, Step, StepEffect
from cases.services import progress
from core.errors import Conflict, InvalidInput
from core.filters import MAX_ID
from docstore.models import Dossier


def bank_of(dossier) -> str:
    """The loan bank of the unit's ledger row (kept on its cases for the pipeline)."""
    return Sale.objects.filter(dossier=dossier).values_list("loan_bank", flat=True).first() or ""


def lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def clean_details(template: CaseTemplate, dossier: Dossier, details, today) -> dict:
    """A customer application's form: reason, amount, deferred-until date, and the new unit of a 调房."""
    details = dict(details or {})
    if template.kind != CaseKind.APPLICATION:
        if details:
            raise InvalidInput(_("只有客户申请填写申请内容。"), code="bad_details")
        return {}
    unknown = sorted(set(details) - {"reason", "amount", "until", "target_dossier"})
    if unknown:
        raise InvalidInput(
            _("申请内容没有这些项：%(keys)s。") % {"keys": "、".join(unknown)}, code="bad_details"
        )
    cleaned = {"reason": str(details.get("reason") or "").strip()[:500]}
    if details.get("amount") not in (None, ""):
        cleaned["amount"] = str(specs.parse_amount(details["amount"], _("金额")))
    if details.get("until") not in (None, ""):
        try:
            until = datetime.date.fromisoformat(str(details["until"]))
        except ValueError:
            raise InvalidInput(_("延期至：请输入有效日期（YYYY-MM-DD）。"), code="bad_details") from None
        if until < today:
            raise InvalidInput(_("延期至的日期不能早于今天。"), code="bad_details")
        cleaned["until"] = until.isoformat()
    changes_unit = template.steps.filter(effect=StepEffect.CHANGE_UNIT).exists()
    target = details.get("target_dossier")
    if changes_unit:
        if isinstance(target, Dossier):
            target_obj = target
        else:
            try:
                number = int(target)
            except (TypeError, ValueError):
                number = 0
            target_obj = Dossier.objects.filter(pk=number).first() if 1 <= number <= MAX_ID else None
        if target_obj is None:
            raise InvalidInput(_("调房申请须选择新房号的案卷。"), code="target_required")
        if target_obj.pk == dossier.pk:
            raise InvalidInput(_("新房号不能与原房号相同。"), code="same_unit")
        cleaned["target_dossier"] = target_obj.pk
        cleaned["target_label"] = str(target_obj)
    elif target not in (None, ""):
        raise InvalidInput(_("只有调房申请选择新房号。"), code="bad_details")
    return cleaned


def open_case(
    actor, dossier: Dossier, template: CaseTemplate, *, owner=None, details=None, scan=None
) -> Case:
    """A case of `template` for the dossier, owned by `owner` (the actor by default); its steps are copied from
    the template, so that a later edit of the template leaves this case as it is."""
    permissions.require_can_open(actor, template.kind)
    owner = owner or actor
    if not permissions.may_own(owner, template.kind):
        raise InvalidInput(_("经办人“%(who)s”不能办理此类业务。") % {"who": owner}, code="bad_owner")
    if not template.is_active:
        raise Conflict(_("业务模板“%(name)s”已停用。") % {"name": template.name}, code="template_inactive")
    now = timezone.now()
    cleaned = clean_details(template, dossier, details, timezone.localdate(now))
    if scan is not None:  # the application form's scan, just stored by submit_application
        cleaned["scan"] = scan.pk
    with transaction.atomic():
        template = CaseTemplate.objects.select_for_update().get(pk=template.pk)
        blueprint = list(template.steps.order_by("number"))
        if not blueprint:
            raise Conflict(
                _("业务模板“%(name)s”还没有步骤。") % {"name": template.name}, code="template_empty"
            )
        if Case.objects.filter(dossier=dossier, template=template, status=states.CaseStatus.OPEN).exists():
            raise Conflict(
                _("%(unit)s 已有办理中的“%(name)s”。") % {"unit": dossier, "name": template.name},
                code="duplicate_case",
            )
        case = Case.objects.create(
            dossier=dossier,
            template=template,
            template_version=template.version,
            name=template.name,
            kind=template.kind,
            owner=owner,
            opened_by=actor,
            opened_at=now,
            details=cleaned,
            bank=bank_of(dossier),
        )
        steps = [Step(case=case, number=i, **s.spec()) for i, s in enumerate(blueprint, start=1)]
        progress.activate(steps[0], now)
        Step.objects.bulk_create(steps)
        progress.refresh(case, steps)
        case.save(update_fields=progress.CURRENT_FIELDS)
        audit.record(
            actor,
            "case.opened",
            case,
            template=template.code,
            version=template.version,
            owner=str(owner),
            steps=len(steps),
            dossier=str(dossier),
        )
    return case


def cancel_case(actor, case: Case, *, reason: str) -> Case:
    """The manager stops a case (a 退房 does this to the unit's other cases); its steps stay as they were."""
    permissions.require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写撤销原因。"), code="reason_required")
    with transaction.atomic():
        locked = lock(case)
        locked.status = states.CASE.check(locked, "cancel")
        locked.cancel_reason, locked.closed_at = reason[:500], timezone.now()
        progress.clear(locked)
        locked.save(update_fields=["status", "cancel_reason", "closed_at", *progress.CURRENT_FIELDS])
        audit.record(actor, "case.cancelled", locked, reason=reason)
    return locked


def move_case(actor, case: Case, to_dossier: Dossier, *, reason: str) -> Case:
    """To another unit's dossier (调房); the move is one event that both dossiers' timelines show."""
    permissions.require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写转移原因。"), code="reason_required")
    with transaction.atomic():
        locked = lock(case)
        states.CASE.check(locked, "move")
        if locked.dossier_id == to_dossier.pk:
            raise InvalidInput(_("业务已在该案卷中。"), code="same_unit")
        if Case.objects.filter(
            dossier=to_dossier, template_id=locked.template_id, status=states.CaseStatus.OPEN
        ).exists():
            raise Conflict(
                _("%(unit)s 已有办理中的“%(name)s”。") % {"unit": to_dossier, "name": locked.name},
                code="duplicate_case",
            )
        move = CaseMove.objects.create(
            case=locked, from_dossier_id=locked.dossier_id, to_dossier=to_dossier, reason=reason[:500],
            moved_by=actor,
        )  # fmt: skip
        locked.dossier, locked.bank = to_dossier, bank_of(to_dossier)
        locked.save(update_fields=["dossier", "bank"])
        audit.record(
            actor,
            "case.moved",
            move,
            case=locked.pk,
            name=locked.name,
            from_dossier=str(move.from_dossier),
            to_dossier=str(to_dossier),
            reason=reason,
        )
    return locked


def require_readable(user) -> None:
    require_staff(user)
