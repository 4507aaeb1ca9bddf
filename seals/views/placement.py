"""The seal placement widget's helpers: the page geometry it draws on, and the widget on a page of its own."""

import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_staff
from core.errors import DomainError
from docstore.models import Version
from seals import placement, states
from seals.models import Seal


@login_required
@require_GET
def version_pages(request, pk):
    """JSON for the placement widget: [{page, width_mm, height_mm, image}]."""
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    try:
        found = placement.page_geometry(version)
    except DomainError as exc:
        return JsonResponse({"error": exc.code, "detail": str(exc.detail)}, status=exc.status)
    return JsonResponse({"version": version.pk, "pages": found}, json_dumps_params={"ensure_ascii": False})


def _posted_placements(request, fields_mode: bool) -> tuple[list, str]:
    """The placements the widget wrote: one page/x/y in fields mode, else the JSON list."""
    if fields_mode:
        try:
            return [
                {
                    "page": int(request.POST["page"]),
                    "x": float(request.POST["x"]),
                    "y": float(request.POST["y"]),
                }
            ], ""
        except (KeyError, ValueError):
            return [], _("盖章位置格式无效：应为 [{page, x, y}]。")
    try:
        placements = json.loads(request.POST.get("placements") or "[]")
        if not isinstance(placements, list):
            raise ValueError
    except ValueError:
        return [], _("盖章位置格式无效：应为 [{page, x, y}]。")
    return placements, ""


@login_required
@require_http_methods(["GET", "POST"])
def placement_demo(request, pk):
    """The placement widget on its own, as the seal request form includes it (and as its browser test uses it)."""
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
    seal = Seal.objects.filter(pk=request.GET.get("seal")).first() if request.GET.get("seal") else None
    placements, cross_page, error = [], False, ""
    fields_mode = request.GET.get("mode") == "fields"
    if request.method == "POST":
        cross_page = request.POST.get("cross_page") == "on"
        placements, error = _posted_placements(request, fields_mode)
    return render(
        request,
        "seals/placement_demo.html",
        {
            "version": version,
            "seal_mm": float(seal.size_mm) if seal else 40,
            "seal_image": reverse("seals:image", args=[seal.pk]) if seal and seal.image_sha256 else "",
            "placements_json": json.dumps(placements, ensure_ascii=False),
            "posted": request.method == "POST",
            "fields_mode": fields_mode,
            "seals": Seal.objects.filter(status=states.SealStatus.ACTIVE).order_by("name")
            if fields_mode
            else [],
            "cross_page": cross_page,
            "error": error,
            "can_use": has_role(request.user, CLERK, FIELD_STAFF, MANAGER),
        },
    )
