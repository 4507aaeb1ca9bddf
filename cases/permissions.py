"""Who may do what with cases; asked by the services, mirrored by the pages.

Field staff own the mortgage and house-card cases and their steps; the clerk owns contract filing, the
customer applications, the ledger and the payments; the manager edits the templates, decides applications,
cancels and moves cases. A step is done by a holder of its owner role; nobody decides their own application.
"""

from django.utils.translation import gettext as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, ROLE_LABELS, has_role, require_role
from cases.models import DECISION_EFFECTS, CaseKind
from core.errors import Forbidden

KIND_ROLES = {
    CaseKind.MORTGAGE: (FIELD_STAFF, MANAGER),
    CaseKind.HOUSE_CARD: (FIELD_STAFF, MANAGER),
    CaseKind.FILING: (CLERK, MANAGER),
    CaseKind.APPLICATION: (CLERK, MANAGER),
}


def can_open(user, kind: str) -> bool:
    return has_role(user, *KIND_ROLES[kind])


def require_can_open(user, kind: str) -> None:
    require_role(user, *KIND_ROLES[kind])


def may_own(user, kind: str) -> bool:
    return has_role(user, *KIND_ROLES[kind])


def is_manager(user) -> bool:
    return has_role(user, MANAGER)


def require_manager(user) -> None:
    require_role(user, MANAGER)


def can_keep_ledger(user) -> bool:
    return has_role(user, CLERK, MANAGER)


def require_ledger_keeper(user) -> None:
    require_role(user, CLERK, MANAGER)


def require_step_owner(user, step) -> None:
    if not has_role(user, step.owner_role):
        raise Forbidden(
            _("第 %(n)s 步“%(name)s”由%(role)s办理。")
            % {
                "n": step.number,
                "name": step.name,
                "role": ROLE_LABELS.get(step.owner_role, step.owner_role),
            },
            code="not_step_owner",
        )
    if step.effect in DECISION_EFFECTS and step.case.opened_by_id == user.pk:
        raise Forbidden(_("不能审批自己提交的申请。"), code="own_application")
