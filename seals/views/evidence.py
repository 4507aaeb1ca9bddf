"""Pages of the evidence of paper stamping: an item's evidence and its upload, one evidence with the approved
and the photographed pages side by side, a manager's acceptance of a mismatch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import MANAGER, has_role, require_staff
from core.errors import DomainError
from docstore import freezing
from seals import selectors, services, states
from seals.engine.preview import PreviewError, page_png
from seals.models import SealRequestItem, StampEvidence
from seals.services.evidence import can_add_evidence
from seals.services.requests import read_bytes

SIDE_BY_SIDE_SCALE = 0.6  # about 360 px across an A4 page


def _item(user, pk) -> SealRequestItem:
    items = selectors.visible_items(user).select_related("request", "seal", "version__document")
    return get_object_or_404(items, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_evidence(request, pk):
    """An item's evidence, newest first, and the upload of photos or scans of its stamped pages."""
    require_staff(request.user)
    item = _item(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            evidence = services.add_evidence(request.user, item, files=request.FILES.getlist("files"))
        except DomainError as exc:
            messages.error(request, str(exc.detail))
            status = exc.status
        else:
            if evidence.status == states.EvidenceStatus.CHECKING:
                messages.info(request, _("用印凭证已保存，正在后台与批准的文件比对，请稍后刷新本页。"))
            elif evidence.status == states.EvidenceStatus.MATCHED:
                messages.success(request, _("用印凭证与批准的文件相符。"))
            else:
                messages.warning(request, _("用印凭证与批准的文件不符，已列为异常。"))
            return redirect(evidence)
    context = {
        "item": item,
        "evidence": list(selectors.evidence_of(item.pk)),
        "can_upload": can_add_evidence(request.user, item) and item.mode == SealRequestItem.Mode.PHYSICAL,
    }
    return render(request, "seals/item_evidence.html", context, status=status)


def _evidence(user, pk) -> StampEvidence:
    visible = selectors.visible_items(user).values("pk")
    rows = StampEvidence.objects.filter(item__in=visible).select_related(
        "item__request", "item__seal", "item__version__document", "version", "uploaded_by", "accepted_by"
    )
    return get_object_or_404(rows, pk=pk)


@login_required
def evidence_detail(request, pk):
    require_staff(request.user)
    evidence = _evidence(request.user, pk)
    can_accept = states.EVIDENCE.allows(evidence, "accept") and has_role(request.user, MANAGER)
    return render(request, "seals/evidence_detail.html", {"evidence": evidence, "can_accept": can_accept})


@login_required
def evidence_page(request, pk, side, page):
    """One page, approved or photographed, at the size the side-by-side view shows."""
    require_staff(request.user)
    if side not in ("approved", "evidence"):
        raise Http404
    evidence = _evidence(request.user, pk)
    version = evidence.item.version if side == "approved" else evidence.version
    if version.media_type != "application/pdf":
        if side == "approved":  # a .docx or an image: the document's own page images (of its PDF rendition)
            return redirect("docstore:version-page-image", pk=version.pk, page=page)
        raise Http404
    freezing.require_not_disposed(version.document_id, reading=True)
    try:
        png = page_png(read_bytes(version), page, scale=SIDE_BY_SIDE_SCALE)
    except PreviewError as exc:
        raise Http404 from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_accept(request, pk):
    require_staff(request.user)
    evidence = _evidence(request.user, pk)
    try:
        services.accept_evidence(request.user, evidence, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("已核实，此凭证不再列为异常。"))
    return redirect(evidence)
