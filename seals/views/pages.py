"""Pages of seal-use requests: the manager's queue, my requests, asking from a document, one request."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import (
    CLERK,
    FIELD_STAFF,
    MANAGER,
    has_role,
    require_role,
    require_staff,
)
from core.errors import DomainError
from core.web import page_of, query_without
from docstore import freezing
from docstore.models import Version
from seals import conf, placement, selectors, services, states
from seals.engine.form import render_form
from seals.engine.preview import PreviewError, page_png
from seals.filters import SealRequestFilter
from seals.forms import PLACEMENT_CHOICES, DecisionForm, ImpressionForm, ItemEditForm, RequestForm, StartForm
from seals.models import SealRequestItem
from seals.services import routing
from seals.services.placements import approved_placements, effective_placements
from seals.services.stamping import can_stamp
from seals.views.next_steps import next_steps
from storage.registry import get_store

RS = states.RequestStatus
PREVIEW_PAGES = 3  # pages shown inline per item in the queue
PRESET_LABELS = dict(PLACEMENT_CHOICES)
REQUESTERS = (CLERK, FIELD_STAFF, MANAGER)


def placement_text(placements: list) -> str:
    """The placements in words, as the stamp form shows what was approved."""
    if not placements:
        return str(PRESET_LABELS["none"])
    words = []
    for p in placements:
        if "preset" in p:
            words.append(str(PRESET_LABELS.get(p["preset"], p["preset"])))
        elif p.get("page") in ("last", -1):
            words.append(_("末页 (%(x).1f, %(y).1f) 毫米") % {"x": p["x"], "y": p["y"]})
        else:
            words.append(
                _("第 %(page)s 页 (%(x).1f, %(y).1f) 毫米") % {"page": p["page"], "x": p["x"], "y": p["y"]}
            )
    return _("、").join(words)


def _overlay(item, placements) -> dict:
    """The read-only seal marks of an item on its pages, and the same in words (seals.placement.overlay)."""
    found = placement.overlay(item, placements)
    found["placements_json"] = json.dumps(found.get("placements", []))
    found["show_json"] = json.dumps(found.get("show", []))
    return found


def form_response(req) -> HttpResponse:
    response = HttpResponse(render_form(req), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="seal-request-{req.pk}.pdf"'
    return response


@login_required
def request_list(request):
    require_staff(request.user)
    # the approving roles, and whoever a pending step names, have a queue
    is_approver = selectors.is_approver(request.user)
    tab = request.GET.get("tab") or ("queue" if is_approver else "mine")
    context = {"tab": tab, "is_approver": is_approver, "can_request": has_role(request.user, *REQUESTERS)}
    if tab == "queue" and is_approver:
        queue = list(selectors.with_items(selectors.approval_queue(request.user)))
        for req in queue:
            # The queue holds exactly the requests whose current step this person decides (routing).
            req.actions = ["approve", "return", "reject"]
            for item in req.items.all():
                count = item.version.page_count or 1
                item.preview_pages = list(range(1, min(count, PREVIEW_PAGES) + 1))
                item.overlay = _overlay(item, effective_placements(item))
        context.update(
            queue=queue,
            # the manager's business: a person named in one rule sees only what waits for them
            anomalies=selectors.anomalies()[:20] if has_role(request.user, *selectors.APPROVER_ROLES) else [],
            loans_waiting=selectors.loans_to_decide(request.user).count(),
        )
    else:
        base = selectors.request_list(request.user)
        if tab == "mine":
            base = base.filter(requester=request.user)
            counts = selectors.request_counts_by_state(request.user)
            context["state_tabs"] = [(value, label, counts.get(value, 0)) for value, label in RS.choices]
        filterset = SealRequestFilter(request.GET, queryset=base, request=request)
        context.update(
            filter=filterset,
            page=page_of(request, filterset.qs),
            query=query_without(request),
        )
    context["queue_count"] = selectors.approval_queue(request.user).count() if is_approver else 0
    return render(request, "seals/request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    """Ask for a seal on one document version: from the document page, fill in and submit."""
    require_role(request.user, *REQUESTERS)
    version_id = request.GET.get("version") or request.POST.get("version")
    if not version_id:
        return _choose_document(request)
    version = get_object_or_404(
        Version.objects.select_related("document", "document__dossier"), pk=version_id
    )
    freezing.require_not_disposed(version.document_id)
    initial = {} if version.media_type == "application/pdf" else {"mode": SealRequestItem.Mode.PHYSICAL}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = {
            "version": version,
            "seal": data["seal"],
            "impressions": data["impressions"],
            "mode": data["mode"],
            "cross_page": data["cross_page"],
            "placements": form.placements() if data["mode"] == "electronic" else [],
        }
        try:
            req = services.create_request(
                request.user,
                purpose=data["purpose"],
                recipient=data["recipient"],
                dossier=version.document.dossier,
                items=[item],
            )
            if "draft" not in request.POST:
                req = services.submit_request(request.user, req)
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(
                request,
                _("用章申请已提交，等待经理审批。") if req.status == RS.SUBMITTED else _("草稿已保存。"),
            )
            return redirect(req)
    return render(request, "seals/request_form.html", {"form": form, "version": version})


def _choose_document(request):
    """Started from the home page or the request list: choose the dossier and the document first (pickers),
    then the form opens on the document's current version."""
    # ?dossier=... alone (from a dossier) only preselects it; the form is checked once a document is sent
    form = StartForm(
        request.GET if "document" in request.GET else None, initial={"dossier": request.GET.get("dossier")}
    )
    if form.is_bound and form.is_valid():
        document = form.cleaned_data["document"]
        if document.current_version_id is None:
            form.add_error("document", _("该文档还没有文件版本。"))
        else:
            return redirect(f"{_reverse('seals:request-create')}?version={document.current_version_id}")
    return render(request, "seals/request_start.html", {"form": form})


@login_required
def request_detail(request, pk):
    require_staff(request.user)
    req = get_object_or_404(selectors.with_items(selectors.request_detail(request.user)), pk=pk)
    items = list(req.items.all())
    user = request.user
    actions = set(states.REQUEST.allowed_actions(user, req))
    for item in items:
        # Per item on top of the table: who keeps its seal, its mode, and (electronic) impressions left.
        item.can_stamp = (
            "stamp" in actions
            and item.mode == SealRequestItem.Mode.ELECTRONIC
            and can_stamp(user, item)
            and item.used < item.impressions
            and not req.expired  # the service refuses it: no button for it
        )
        if item.can_stamp:
            approved = approved_placements(item)
            item.approved_text = placement_text(approved)
            item.approved_json = json.dumps(approved, ensure_ascii=False)
        item.can_record = (
            "record_impressions" in actions
            and item.mode == SealRequestItem.Mode.PHYSICAL
            and item.seal.custodian_id == user.pk
        )
        item.preview_pages = list(range(1, min(item.version.page_count or 1, PREVIEW_PAGES) + 1))
        # before the decision: what approving would approve; after: what was approved
        decided = req.approval and req.status != RS.SUBMITTED
        item.overlay = _overlay(item, approved_placements(item) if decided else effective_placements(item))
        if "edit" in actions:
            item.edit_form = ItemEditForm.for_item(item)
    rows = selectors.register().filter(request=req)
    extra = set()
    if sum(bool(item.can_stamp) for item in items) > 1:
        extra.add("stamp-all")
    if sum(bool(item.can_record and item.used < item.impressions) for item in items) > 1:
        extra.add("record-all")
    return render(
        request,
        "seals/request_detail.html",
        {
            "req": req,
            "items": items,
            "rows": rows,
            "steps": routing_steps(req),
            "actions": (actions | extra) & set(ACTIONS),
            "edit_voids": states.after_edit(req) != req.status,
            "next_steps": next_steps(req, routing.current_approvers(req)),
            "decision_form": DecisionForm(),
            "impression_form": ImpressionForm(),
        },
    )


def routing_steps(req) -> list:
    """The request's approval steps, every submission, each with its seat in words."""
    steps = list(req.steps.all())
    for step in steps:
        step.seat = routing.seat_label(step)
    return steps


ACTIONS = {
    "submit": lambda user, req, text: services.submit_request(user, req),
    "withdraw": lambda user, req, text: services.withdraw_request(user, req),
    "close": lambda user, req, text: services.close_request(user, req),
    "approve": lambda user, req, text, until=None: services.approve_request(
        user, req, comment=text, valid_until=until
    ),
    "revoke": lambda user, req, text: services.revoke_request(user, req, reason=text),
    "stamp-all": lambda user, req, text: services.stamp_all(user, req),
    "record-all": lambda user, req, text: services.record_all(user, req, reason=text),
    "reject": lambda user, req, text: services.reject_request(user, req, reason=text),
    "return": lambda user, req, text: services.return_request(user, req, reason=text),
}
DONE = {
    "submit": gettext_lazy("已提交审批。"),
    "withdraw": gettext_lazy("申请已撤回。"),
    "close": gettext_lazy("申请已关闭。"),
    "approve": gettext_lazy("已批准，申请表已归入案卷。"),
    "reject": gettext_lazy("已驳回。"),
    "return": gettext_lazy("已退回修改。"),
    "revoke": gettext_lazy("授权已撤销。"),
    "stamp-all": gettext_lazy("已为全部明细电子用印并签名。"),
    "record-all": gettext_lazy("已为全部明细登记实物用印。"),
}


@login_required
@require_POST
def request_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    req = get_object_or_404(selectors.visible_requests(request.user), pk=pk)
    form = DecisionForm(request.POST)
    valid = form.is_valid()
    text = form.cleaned_data["text"] if valid else ""
    try:
        if action == "approve":
            until = form.cleaned_data.get("valid_until") if valid else None
            done = ACTIONS[action](request.user, req, text, until)
        else:
            done = ACTIONS[action](request.user, req, text)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        if action == "approve" and done.status == RS.SUBMITTED:  # one step of the chain
            messages.success(request, _("已同意，申请转下一步审批。"))
        else:
            messages.success(request, str(DONE[action]))
    if request.POST.get("next") == "queue":
        return redirect(f"{_reverse('seals:request-list')}?tab=queue")
    return redirect(req)


def _reverse(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
@require_POST
def item_stamp(request, pk):
    """The stamp form sends back the approved placements it showed; the service refuses any others."""
    item = get_object_or_404(selectors.visible_items(request.user).select_related("request"), pk=pk)
    try:
        placements = json.loads(request.POST["placements"]) if request.POST.get("placements") else None
    except ValueError:
        messages.error(request, _("盖章位置格式无效：应为 [{page, x, y}] 或 [{preset}]。"))
        return redirect(item.request)
    try:
        version = services.stamp_item(request.user, item, placements=placements)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("已电子用印并签名：生成第 %(n)s 版。") % {"n": version.number})
    return redirect(item.request)


@login_required
@require_POST
def item_edit(request, pk):
    item = get_object_or_404(
        selectors.visible_items(request.user).select_related("request", "seal", "version"), pk=pk
    )
    form = ItemEditForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        messages.error(request, _("请填写正确的用印次数和位置。"))
        return redirect(item.request)
    changes = {"impressions": form.cleaned_data["impressions"], "cross_page": form.cleaned_data["cross_page"]}
    if item.mode == SealRequestItem.Mode.ELECTRONIC and form.cleaned_data.get("placement"):
        changes["placements"] = form.placements()
    voids = states.after_edit(item.request) != item.request.status  # editing an approved request voids it
    try:
        services.update_item(request.user, item, **changes)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        if voids:
            messages.warning(request, _("已修改：原批准已作废，申请退回草稿，请重新提交审批。"))
        else:
            messages.success(request, _("已修改。"))
    return redirect(item.request)


@login_required
@require_POST
def item_impressions(request, pk):
    item = get_object_or_404(selectors.visible_items(request.user).select_related("request"), pk=pk)
    form = ImpressionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写正确的用印次数和日期。"))
        return redirect(item.request)
    data = form.cleaned_data
    scan = data.get("scan")
    try:
        row = services.record_impressions(
            request.user,
            item,
            count=data["count"],
            made_on=data.get("made_on"),
            reason=data.get("reason", ""),
            scan=scan,
            scan_filename=scan.name if scan else "",
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        if row.anomaly:
            messages.warning(request, _("已登记，超出批准次数，已标记为异常。"))
        else:
            messages.success(request, _("已登记实物用印 %(n)s 次。") % {"n": row.count})
    return redirect(item.request)


@login_required
def item_page(request, pk, page):
    """A small PNG of one page of an item's document version, for inline previews."""
    require_staff(request.user)
    item = get_object_or_404(selectors.visible_items(request.user).select_related("version"), pk=pk)
    if item.version.media_type != "application/pdf":
        raise Http404
    freezing.require_not_disposed(item.version.document_id, reading=True)
    with get_store().open(item.version.sha256) as stream:
        data = stream.read()
    try:
        png = page_png(data, page, scale=conf.PREVIEW_SCALE)
    except PreviewError as exc:
        raise Http404 from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def request_form_pdf(request, pk):
    require_staff(request.user)
    return form_response(get_object_or_404(selectors.request_detail(request.user), pk=pk))
