"""Case templates as data: the manager creates and edits them. An edit replaces the template's steps and
raises its version; running cases keep the steps they copied when they were opened."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import audit
from cases import permissions, specs
from cases.models import CaseKind, CaseTemplate, StepTemplate
from core.errors import Conflict, InvalidInput
from docstore.models import DocumentType


def clean_steps(steps) -> list[dict]:
    if not isinstance(steps, list | tuple) or not steps:
        raise InvalidInput(_("模板至少需要一个步骤。"), code="no_steps")
    if len(steps) > specs.MAX_STEPS:
        raise InvalidInput(_("模板最多 %(n)s 个步骤。") % {"n": specs.MAX_STEPS}, code="too_many_steps")
    codes = set(DocumentType.objects.values_list("code", flat=True))
    return [specs.clean_step(step, number, codes) for number, step in enumerate(steps, start=1)]


def _name(name) -> str:
    name = str(name or "").strip()
    if not name or len(name) > 60:
        raise InvalidInput(_("请填写模板名称（60 字以内）。"), code="name_required")
    return name


def create_template(actor, *, code: str, name: str, kind: str, steps, description: str = "") -> CaseTemplate:
    permissions.require_manager(actor)
    code = str(code or "").strip()
    if (
        not code
        or len(code) > 40
        or not code.replace("-", "").replace("_", "").isalnum()
        or not code.isascii()
    ):
        raise InvalidInput(_("代码只能由字母、数字、- 和 _ 组成。"), code="bad_code")
    if kind not in CaseKind.values:
        raise InvalidInput(_("业务类别无效。"), code="bad_kind")
    name, cleaned = _name(name), clean_steps(steps)
    try:
        with transaction.atomic():
            template = CaseTemplate.objects.create(
                code=code, name=name, kind=kind, description=str(description or "")[:500], updated_by=actor
            )
            StepTemplate.objects.bulk_create(
                StepTemplate(template=template, number=i, **step) for i, step in enumerate(cleaned, start=1)
            )
            audit.record(actor, "case_template.created", template, code=code, steps=len(cleaned))
    except IntegrityError as exc:
        raise Conflict(_("代码“%(code)s”已被使用。") % {"code": code}, code="duplicate_code") from exc
    return template


def update_template(
    actor, template: CaseTemplate, *, name=None, description=None, is_active=None, steps=None
):
    """Change the name, description, whether it is offered, and (when given) the whole list of steps."""
    permissions.require_manager(actor)
    cleaned = clean_steps(steps) if steps is not None else None
    with transaction.atomic():
        locked = CaseTemplate.objects.select_for_update().get(pk=template.pk)
        changed = []
        if name is not None and _name(name) != locked.name:
            locked.name, changed = _name(name), [*changed, "name"]
        if description is not None and str(description)[:500] != locked.description:
            locked.description, changed = str(description)[:500], [*changed, "description"]
        if is_active is not None and bool(is_active) != locked.is_active:
            locked.is_active, changed = bool(is_active), [*changed, "is_active"]
        if cleaned is not None:
            before = [s.spec() for s in locked.steps.order_by("number")]
            if before != cleaned:
                locked.steps.all().delete()
                StepTemplate.objects.bulk_create(
                    StepTemplate(template=locked, number=i, **step) for i, step in enumerate(cleaned, start=1)
                )
                changed.append("steps")
        if not changed:
            return locked
        locked.version += 1
        locked.updated_by = actor
        locked.save()
        audit.record(actor, "case_template.changed", locked, version=locked.version, fields=changed,
                     steps=locked.steps.count())  # fmt: skip
    return locked
