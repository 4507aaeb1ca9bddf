"""Thin views of the workbench: role home pages, the dossier timeline, search everywhere and charts."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import CLERK, FIELD_STAFF, MANAGER, require_staff, roles_of
from docstore import selectors as doc_selectors
from workbench import charts, conf, home, search, timeline

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
        },
    )


@login_required
@require_GET
def dossier_timeline(request, pk):
    require_staff(request.user)
    dossier = doc_selectors.dossier_or_404(pk)
    everything = timeline.entries(dossier, request.user)
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
            "more": reverse("workbench:search") + "?" + urlencode({"q": q}),
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
