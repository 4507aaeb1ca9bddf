"""The type-ahead endpoints of docstore's pickers (core.pickers): dossiers and documents."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from accounts.roles import require_staff
from core.filters import MAX_ID
from core.pickers import LIMIT, picker_response, query_of
from docstore import selectors


def _id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


@login_required
@require_GET
def dossiers_json(request):
    require_staff(request.user)
    return picker_response(
        {
            "id": d.pk,
            "label": str(d),
            "detail": "、".join(c.name for c in d.customers.all()),
        }
        for d in selectors.pick_dossiers(query_of(request), LIMIT)
    )


@login_required
@require_GET
def documents_json(request):
    require_staff(request.user)
    found = selectors.pick_documents(query_of(request), LIMIT, dossier_id=_id(request.GET.get("dossier")))
    return picker_response(
        {
            "id": d.pk,
            "label": d.title,
            "detail": " · ".join(
                part
                for part in (
                    str(d.dossier) if d.dossier else "",
                    str(d.doc_type),
                    f"v{d.current_version.number}" if d.current_version else "",
                )
                if part
            ),
            "version": d.current_version_id,
        }
        for d in found
    )
