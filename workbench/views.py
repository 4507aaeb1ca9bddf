"""Thin views of the workbench: role home pages, the dossier timeline, search everywhere, charts and the
seal placement widget's helpers."""

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, has_role, require_staff, roles_of
from core.errors import DomainError
from docstore.models import Dossier, Version
from seals.models import Seal
from workbench import charts, conf, home, pages, search, timeline
from workbench.links import url_or_none

GROUP_LABELS = {
    "dossiers": _("案卷"),
    "documents": _("文档"),
    "records": _("档号"),
    "letters": _("联络函"),
    "seals": _("印章"),
}


def _group_label(key):
    from django.utils.translation import gettext

    return gettext(str(GROUP_LABELS[key]))


@login_required
def home_page(request):
    mine = roles_of(request.user)
    return render(
        request,
        "workbench/home.html",
        {
            "sections": home.build(request.user),
            "has_role": bool(mine),
            "is_clerk": CLERK in mine,
            "is_field": FIELD_STAFF in mine,
            "is_manager": MANAGER in mine,
            "links": {
                "new_request": url_or_none("seals:request-create"),
                "requests": url_or_none("seals:request-list"),
                "originals": url_or_none("archive:index"),
                "overdue": url_or_none("archive:overdue"),
                "archive": url_or_none("archive:index"),
                "letters": url_or_none("archive:letters"),
                "filings": url_or_none("archive:filings"),
                "register": url_or_none("seals:register"),
            },
        },
    )


@login_required
@require_GET
def dossier_timeline(request, pk):
    require_staff(request.user)
    dossier = get_object_or_404(Dossier, pk=pk)
    everything = timeline.entries(dossier)
    per_kind = timeline.counts(everything)
    chosen = {k for k in request.GET.getlist("kind") if k in timeline.KINDS}
    shown = [e for e in everything if e.kind in chosen] if chosen else everything
    return render(
        request,
        "workbench/timeline.html",
        {
            "dossier": dossier,
            "entries": shown,
            "total": len(everything),
            "kinds": [(key, label, per_kind[key]) for key, label in timeline.KINDS.items()],
            "chosen": chosen,
            "archive_url": url_or_none("archive:dossier", dossier.pk),
        },
    )


def _search_groups(q: str, limit: int) -> list[dict]:
    found = search.everything(q, limit)
    return [{"key": key, "label": _group_label(key), "items": found[key]} for key in search.GROUPS]


@login_required
@require_GET
def search_json(request):
    require_staff(request.user)
    q = request.GET.get("q", "").strip()
    groups = _search_groups(q, conf.search_limit()) if len(q) >= 1 else []
    return JsonResponse(
        {
            "q": q,
            "groups": [g for g in groups if g["items"]],
            "more": url_or_none("workbench:search") + "?" + urlencode({"q": q}),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_GET
def search_page(request):
    require_staff(request.user)
    q = request.GET.get("q", "").strip()
    groups = _search_groups(q, 25) if q else []
    return render(
        request,
        "workbench/search.html",
        {
            "q": q,
            "groups": groups,
            "total": sum(len(g["items"]) for g in groups),
            "fulltext": url_or_none("docstore:search"),
        },
    )


@login_required
@require_GET
def charts_page(request):
    require_staff(request.user)
    empty = _("暂无数据")
    specs = [
        ("chart-seal-use", _("每月用印次数（按印章）"), charts.seal_use_per_month()),
        ("chart-filed", _("每月归档件数"), charts.documents_filed_per_month()),
        ("chart-out", _("借出中的原件（按对象类型）"), charts.originals_out_per_party()),
    ]
    items = []
    for chart_id, title, (labels, series) in specs:
        columns = [s.values for s in series]
        items.append(
            {
                "id": chart_id,
                "title": title,
                "svg": charts.bar_chart(chart_id, title, labels, series, empty_text=empty),
                "series": series,
                "rows": [(label, [col[i] for col in columns]) for i, label in enumerate(labels)],
            }
        )
    return render(request, "workbench/charts.html", {"charts": items})


@login_required
@require_GET
def version_pages(request, pk):
    """JSON for the placement widget: [{page, width_mm, height_mm, image}]."""
    require_staff(request.user)
    version = get_object_or_404(Version, pk=pk)
    try:
        found = pages.page_geometry(version)
    except DomainError as exc:
        return JsonResponse({"error": exc.code, "detail": str(exc.detail)}, status=exc.status)
    return JsonResponse({"version": version.pk, "pages": found}, json_dumps_params={"ensure_ascii": False})


@login_required
@require_http_methods(["GET", "POST"])
def placement_demo(request, pk):
    """The placement widget on its own, as the seal request form includes it (and as its browser test uses it)."""
    require_staff(request.user)
    version = get_object_or_404(Version.objects.select_related("document"), pk=pk)
    seal = Seal.objects.filter(pk=request.GET.get("seal")).first() if request.GET.get("seal") else None
    placements, cross_page, error = [], False, ""
    fields_mode = request.GET.get("mode") == "fields"
    if request.method == "POST" and fields_mode:
        cross_page = request.POST.get("cross_page") == "on"
        try:
            placements = [
                {
                    "page": int(request.POST["page"]),
                    "x": float(request.POST["x"]),
                    "y": float(request.POST["y"]),
                }
            ]
        except (KeyError, ValueError):
            error = _("盖章位置格式无效：应为 [{page, x, y}]。")
    elif request.method == "POST":
        cross_page = request.POST.get("cross_page") == "on"
        try:
            placements = json.loads(request.POST.get("placements") or "[]")
            if not isinstance(placements, list):
                raise ValueError
        except ValueError:
            error = _("盖章位置格式无效：应为 [{page, x, y}]。")
            placements = []
    return render(
        request,
        "workbench/placement_demo.html",
        {
            "version": version,
            "seal_mm": float(seal.size_mm) if seal else 40,
            "seal_image": url_or_none("seals:image", seal.pk) if seal and seal.image_sha256 else "",
            "placements_json": json.dumps(placements, ensure_ascii=False),
            "posted": request.method == "POST",
            "fields_mode": fields_mode,
            "seals": Seal.objects.filter(status="active").order_by("name") if fields_mode else [],
            "cross_page": cross_page,
            "error": error,
            "can_use": has_role(request.user, CLERK, FIELD_STAFF, MANAGER),
        },
    )
