"""The seal picker's endpoint (core.pickers): seals by name or company; ?active=1 only those in use."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from accounts.roles import require_staff
from core.pickers import LIMIT, picker_response, query_of
from seals import selectors


@login_required
@require_GET
def seals_json(request):
    require_staff(request.user)
    found = selectors.pick_seals(query_of(request), LIMIT, active_only=bool(request.GET.get("active")))
    return picker_response(
        {
            "id": s.pk,
            "label": s.name,
            "detail": f"{s.get_kind_display()} · {s.company} · {s.get_status_display()}",
            "size_mm": float(s.size_mm),
        }
        for s in found
    )
