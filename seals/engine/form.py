"""The printable seal-use application form (用章申请表): one A4 page in the department's layout (reportlab)."""

import io
from collections import Counter

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from accounts.roles import ROLE_LABELS
from core import pdflayout

# The form speaks the department's words: rejected is 不同意 on paper.
VERDICTS = {
    "approved": "同意",
    "rejected": "不同意",
    "returned": "退回修改",
    "pending": "待审批",
    "skipped": "已跳过",
    "cancelled": "未审批",
}
CHAIN_COLS = [("审批步骤", 0.15), ("审批人", 0.27), ("审批人意见", 0.38), ("审批时间", 0.20)]
CELL_SIZE = 9.5
MARGIN = 15 * mm


def render_form(req) -> bytes:
    """The request as a one-page PDF; each step of the approval chain is filled in once decided."""
    from seals.states import RequestStatus as RS

    # Every approver of the chain is printed, each with their opinion once they decided.
    decided_states = {RS.APPROVED, RS.REJECTED, RS.RETURNED, RS.PARTLY_STAMPED, RS.STAMPED, RS.CLOSED}
    chain = _chain_rows(req, decided_states)
    # the chain, the requester's row and the note keep their room on the page
    reserve = max(95 * mm, sum(h for _s, _r, h in _chain_layout(chain, A4[0] - 36 * mm)) + 57 * mm)
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
        if y - item_h < reserve:  # the approvals and signatures keep their room on the one page
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

    y -= 4 * mm
    y = _draw_chain(pdf, chain, left, right, y, height)
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


def _opinion(verdict: str, comment: str) -> str:
    """The verdict and the comment, the verdict once: "同意，按批准次数用印" already says it."""
    comment = (comment or "").strip()
    if not comment:
        return f"{verdict}。" if verdict in ("同意", "不同意", "退回修改") else verdict
    opinion = comment if comment.startswith(verdict) else f"{verdict}。{comment}".rstrip("。")
    return opinion + ("" if opinion.endswith(("。", "！", ".")) else "。")


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _chain_rows(req, decided_states) -> list[tuple[str, list[str]]]:
    """(step label, [approver, opinion, time]) per seat of the current submission, in order; the seats of a
    parallel 会签 share their step. Who decided for someone away says so: "王芳（代 张伟 审批）"."""
    steps = list(
        req.steps.filter(round=req.round)
        .select_related("user", "decided_by", "on_behalf_of")
        .order_by("order", "id")
    )
    if not steps:  # decided before routing existed: the one decision the request records
        if req.status not in decided_states or not req.decided_by_id:
            return [("第1步", ["", "", ""])]
        verdict = VERDICTS["approved" if req.approval else "rejected"]
        if req.status == "returned":
            verdict = VERDICTS["returned"]
        opinion = _opinion(verdict, req.decision_comment)
        return [("第1步", [str(req.decided_by), opinion, _when(req.decided_at)])]
    seats = Counter(step.order for step in steps)
    numbers = {order: n for n, order in enumerate(sorted(seats), start=1)}
    rows = []
    for step in steps:
        label = f"第{numbers[step.order]}步" + ("（会签）" if seats[step.order] > 1 else "")
        if step.decided_by_id:
            who = str(step.decided_by)
            if step.on_behalf_of_id:
                who += f"（代 {step.on_behalf_of} 审批）"
        else:
            who = str(step.user) if step.user_id else str(ROLE_LABELS.get(step.group_name, step.group_name))
        opinion = _opinion(VERDICTS.get(step.decision, step.decision), step.comment)
        rows.append((label, [who, opinion, _when(step.decided_at)]))
    return rows


def _chain_layout(chain, total: float) -> list[tuple[str, list[str], float]]:
    """Each row with its height: it grows with its longest cell, so a long opinion is printed whole."""
    out = []
    for label, cells in chain:
        widths = [total * share - 4 * mm for _l, share in CHAIN_COLS[1:]]
        tallest = max(pdflayout.lines_height(v, w, CELL_SIZE) for v, w in zip(cells, widths, strict=True))
        out.append((label, cells, max(10 * mm, tallest + 3 * mm)))
    return out


def _draw_chain(pdf, chain, left: float, right: float, y: float, height: float) -> float:
    """The approval table: a header, then one row per seat; a 会签's seats under one merged step cell."""
    total = right - left
    row = 10 * mm

    def header(top):
        x = left
        pdf.setFont(pdflayout.font(), 10.5)
        for label, share in CHAIN_COLS:
            pdf.rect(x, top - row, total * share, row)
            pdf.drawCentredString(x + total * share / 2, top - row / 2 - 1.5 * mm, label)
            x += total * share
        return top - row

    y = header(y)
    rows = _chain_layout(chain, total)
    i = 0
    while i < len(rows):
        label = rows[i][0]
        end = i
        while end < len(rows) and rows[end][0] == label:  # the seats of one step are consecutive
            end += 1
        group = rows[i:end]
        group_h = sum(h for _l, _c, h in group)
        if y - group_h < MARGIN:  # a very long chain goes on to the next page rather than off this one
            pdf.showPage()
            y = header(height - 20 * mm)
        step_w = total * CHAIN_COLS[0][1]
        pdf.rect(left, y - group_h, step_w, group_h)
        pdflayout.draw(pdf, label, left + 2 * mm, y - 1.5 * mm, step_w - 4 * mm, group_h - 3 * mm,
                       size=CELL_SIZE, min_size=7, align="center")  # fmt: skip
        for _l, cells, h in group:
            x = left + step_w
            for (_c, share), value in zip(CHAIN_COLS[1:], cells, strict=True):
                w = total * share
                pdf.rect(x, y - h, w, h)
                pdflayout.draw(pdf, value, x + 2 * mm, y - 1.5 * mm, w - 4 * mm, h - 3 * mm,
                               size=CELL_SIZE, min_size=8)  # fmt: skip
                x += w
            y -= h
        i += len(group)
    return y
