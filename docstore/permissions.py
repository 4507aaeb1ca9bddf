"""Who may do what in the document store; asked by the services, mirrored by the templates."""

from django.utils.translation import gettext as _

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import Forbidden

TEMPLATE_TYPE = "contract_template"


def can_manage_dossiers(user) -> bool:
    return has_role(user, CLERK, MANAGER, ADMIN)


def require_dossier_manager(user) -> None:
    require_role(user, CLERK, MANAGER, ADMIN)


def may_see_id_numbers(user) -> bool:
    """身份证号 whole: the clerk and the manager, who register and check the customers; everyone else (field
    staff, the admin who reads) sees it masked (core.idnumber.mask)."""
    return has_role(user, CLERK, MANAGER)


def can_add_documents(user) -> bool:
    return has_role(user, CLERK, FIELD_STAFF, MANAGER)


def can_edit_document(user, document) -> bool:
    if document.doc_type.code == TEMPLATE_TYPE:
        return has_role(user, MANAGER)
    return can_add_documents(user)


def require_can_edit(user, document=None, doc_type=None) -> None:
    code = doc_type.code if doc_type is not None else document.doc_type.code
    if code == TEMPLATE_TYPE:
        if not has_role(user, MANAGER):
            raise Forbidden(_("合同范本由客服部经理维护。"))
        return
    require_role(user, CLERK, FIELD_STAFF, MANAGER)
