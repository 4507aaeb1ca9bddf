"""Who may do what in the archive; asked by the services, mirrored by the templates."""

from django.utils.translation import gettext as _

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import Forbidden


def can_keep(user) -> bool:
    """Filing, locations, originals and their movements: the clerk (who keeps the records) and the manager."""
    return has_role(user, CLERK, MANAGER)


def require_keeper(user) -> None:
    require_role(user, CLERK, MANAGER)


def can_file_with_authority(user) -> bool:
    return has_role(user, CLERK, FIELD_STAFF, MANAGER)


def require_filing_staff(user) -> None:
    require_role(user, CLERK, FIELD_STAFF, MANAGER)


def is_manager(user) -> bool:
    return has_role(user, MANAGER)


def require_manager(user) -> None:
    require_role(user, MANAGER)


def require_not_self(user, other, message=None) -> None:
    if other is not None and user.pk == other.pk:
        raise Forbidden(message or _("不能审批自己提出的申请。"), code="own_request")
