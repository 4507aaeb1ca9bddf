"""The original picker's endpoint (core.pickers)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from accounts.roles import require_staff
from archive import selectors
from core.filters import MAX_ID
from core.pickers import LIMIT, picker_response, query_of


@login_required
@require_GET
def originals_json(request):
    require_staff(request.user)
    try:
        document_id = int(request.GET.get("document") or 0)
    except ValueError:
        document_id = 0
    document_id = document_id if 1 <= document_id <= MAX_ID else None
    return picker_response(
        {
            "id": o.pk,
            "label": str(o),
            "detail": " · ".join(
                part for part in (str(o.document.dossier or ""), o.get_status_display(), o.label) if part
            ),
        }
        for o in selectors.pick_originals(query_of(request), LIMIT, document_id=document_id)
    )
