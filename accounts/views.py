"""The person picker's endpoint (core.pickers): people by their display name, never only a login name."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from accounts import selectors
from accounts.roles import ROLE_LABELS, STAFF_ROLES, require_staff
from core.pickers import LIMIT, picker_response, query_of


@login_required
@require_GET
def people_json(request):
    """?q=王芳; ?role=clerk (repeatable) narrows to those roles; ?staff=1 to the department's three roles."""
    require_staff(request.user)
    roles = [r for r in request.GET.getlist("role") if r in ROLE_LABELS]
    if request.GET.get("staff") and not roles:
        roles = list(STAFF_ROLES)
    return picker_response(
        {
            "id": person.pk,
            "username": person.username,
            "label": person.label,
            "detail": "、".join(
                [str(ROLE_LABELS[g.name]) for g in person.groups.all() if g.name in ROLE_LABELS]
                + [person.username]
            ),
        }
        for person in selectors.find_people(query_of(request), LIMIT, roles=roles)
    )
