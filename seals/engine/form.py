"""The printable seal-use application form (用章申请表): one A4 page in the department's layout (reportlab)."""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from core import pdflayout


def render_form(req) -> bytes:
    """The request as a one-page PDF; the decision is filled in once decided."""
    from seals.states import RequestStatus as RS

    # The manager's opinion is printed once they decided (returning it for changes included).
    decided_states = {RS.APPROVED, RS.REJECTED, RS.RETURNED, RS.PARTLY_STAMPED, RS.STAMPED, RS.CLOSED}
    font = pdflayout.font()
    items = list(req.items.select_related("seal", "version__document"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"用章申请表 #{req.pk}")
    width, height = A4
    left, right = 18 * mm, width - 18 * mm
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, height - 22 * mm, "用 章 申 请 表")
    pdf.setFont(font, 9)
    pdf.drawRightString(right, height - 30 * mm, f"编号：YZ-{req.pk:05d}")

    y = height - 36 * mm
    row = 10 * mm
    label_w = 28 * mm

    def cell_row(pairs, top, h=row):
        x = left
        span = (right - left) / len(pairs)
        for label, value in pairs:
            pdf.rect(x, top - h, label_w, h)
            pdf.rect(x + label_w, top - h, span - label_w, h)
            pdf.setFont(font, 10.5)
            pdf.drawString(x + 2.5 * mm, top - h / 2 - 1.5 * mm, label)
            inner = span - label_w - 5 * mm
            pdflayout.draw(
                pdf, value, x + label_w + 2.5 * mm, top - 1 * mm, inner, h - 2 * mm, size=10, min_size=7
            )
            x += span
        return top - h

    created = timezone.localtime(req.created_at).strftime("%Y-%m-%d") if req.created_at else ""
    y = cell_row([("申请人", req.requester), ("日期", created)], y)
    dossier = str(req.dossier) if req.dossier_id else "—"
    y = cell_row([("用印对象", req.get_recipient_display()), ("案卷", dossier)], y)
    y = cell_row([("用印事由", req.purpose)], y, h=18 * mm)

    # Items: 文件名称, 份数 (impressions), 印章类别, 方式
    cols = [("文件名称", 0.44), ("份数", 0.1), ("印章类别", 0.26), ("方式", 0.2)]
    total = right - left
    pdf.setFont(font, 10.5)
    x = left
    for label, share in cols:
        pdf.rect(x, y - row, total * share, row)
        pdf.drawCentredString(x + total * share / 2, y - row / 2 - 1.5 * mm, label)
        x += total * share
    y -= row
    shown = 0
    for item in items:
        mode = "电子" if item.mode == "electronic" else "实物"
        if item.cross_page:
            mode += "+骑缝"
        values = [
            f"{item.version.document.title} v{item.version.number}",
            str(item.impressions),
            f"{item.seal.get_kind_display()}（{item.seal.name}）",
            mode,
        ]
        # The row grows with its longest cell: a long title or seal name is printed whole.
        cells = [(total * share - 4 * mm, value) for (_label, share), value in zip(cols, values, strict=True)]
        item_h = max(row, *(pdflayout.lines_height(v, w, 9.5) + 3 * mm for w, v in cells))
        if y - item_h < 95 * mm:  # the decision and signatures keep their room on the one page
            break
        shown += 1
        x = left
        for (_label, share), (w, value) in zip(cols, cells, strict=True):
            pdf.rect(x, y - item_h, total * share, item_h)
            pdflayout.draw(pdf, value, x + 2 * mm, y - 1.5 * mm, w, item_h - 3 * mm, size=9.5, min_size=8)
            x += total * share
        y -= item_h
    if len(items) > shown:
        pdf.setFont(font, 9)
        pdf.drawString(left, y - 5 * mm, f"另有 {len(items) - shown} 项，见系统记录。")
        y -= 7 * mm

    decided = req.status in decided_states
    opinion = ""
    signer, when = "", ""
    if decided and req.decided_by_id:
        verdict = {
            "approved": "同意",
            "partly_stamped": "同意",
            "stamped": "同意",
            "closed": "同意",
            "rejected": "不同意",
            "returned": "退回修改",
        }.get(req.status if req.status != "closed" or req.approval else "rejected", "")
        comment = req.decision_comment.strip()
        # "同意，按批准次数用印" already gives the verdict: print it once, not "同意。同意，…".
        opinion = comment if comment.startswith(verdict) else f"{verdict}。{comment}".rstrip("。")
        opinion += "" if opinion.endswith(("。", "！", ".")) else "。"
        signer = str(req.decided_by)
        when = timezone.localtime(req.decided_at).strftime("%Y-%m-%d %H:%M") if req.decided_at else ""
    y -= 4 * mm
    y = cell_row([("审批人意见", opinion)], y, h=24 * mm)
    y = cell_row([("签字", signer), ("日期", when)], y)
    y = cell_row([("申请人签字", req.requester), ("经办人", "")], y)
    pdf.setFont(font, 8.5)
    pdf.drawString(
        left,
        max(y - 8 * mm, 15 * mm),
        "说明：审用分离——申请人、审批人、印章保管人不得为同一人；超出批准次数的用印须说明原因。",
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
