"""Printable PDFs: box spine label, box contents list with the 备考表, original label with QR code,
disposal certificate. reportlab with its built-in CJK font (no font files needed)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core import pdflayout
from core.pdflayout import font as _font


def spine_label(box, records) -> bytes:
    """盒脊: fonds, year, retention, first-last item number, box number (vertical text strip, 40 mm wide)."""
    font = _font()
    width, height = 40 * mm, 250 * mm
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(_("盒脊 %(name)s") % {"name": box.name})
    c.rect(2 * mm, 2 * mm, width - 4 * mm, height - 4 * mm)
    numbers = [r.item_number for r in records]
    rows = [
        (_("全宗号"), box.fonds.code if box.fonds_id else ""),
        (_("年度"), box.year or ""),
        (_("保管期限"), box.retention.name if box.retention_id else ""),
        (_("机构"), box.department.name if box.department_id else ""),
        (_("起止件号"), f"{min(numbers):04d}-{max(numbers):04d}" if numbers else "—"),
        (_("盒号"), box.box_number or ""),
    ]
    y = height - 18 * mm
    for label, value in rows:
        c.setFont(font, 10)
        c.drawCentredString(width / 2, y, str(label))
        pdflayout.draw(
            c, value, 4 * mm, y - 2 * mm, width - 8 * mm, 11 * mm, size=16, min_size=9, align="center"
        )
        c.line(4 * mm, y - 14 * mm, width - 4 * mm, y - 14 * mm)
        y -= 36 * mm
    c.showPage()
    c.save()
    return buffer.getvalue()


def contents_list(box, records, *, prepared_by: str = "") -> bytes:
    """盒内文件目录 (one line per item) followed by the 备考表 (notes, who prepared and checked, when)."""
    font = _font()
    page_w, page_h = A4
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(_("盒内文件目录 %(name)s") % {"name": box.name})
    cols = [
        (_("件号"), 14),
        (_("档号"), 52),
        (_("责任者"), 24),
        (_("题名"), 60),
        (_("日期"), 20),
        (_("页数"), 10),
    ]
    x0 = 15 * mm

    def header():
        c.setFont(font, 16)
        c.drawCentredString(page_w / 2, page_h - 20 * mm, str(_("盒内文件目录")))
        c.setFont(font, 9)
        c.drawString(
            x0,
            page_h - 28 * mm,
            f"{_('全宗号')} {box.fonds.code if box.fonds_id else ''}  {_('年度')} {box.year}  "
            f"{_('保管期限')} {box.retention.code if box.retention_id else ''}  {_('盒号')} {box.box_number}",
        )
        x = x0
        y = page_h - 36 * mm
        for label, w in cols:
            c.drawString(x, y, str(label))
            x += w * mm
        c.line(x0, y - 2 * mm, page_w - 15 * mm, y - 2 * mm)
        return y - 7 * mm

    y = header()
    for record in records:
        values = [
            f"{record.item_number:04d}",
            record.archival_code,
            record.responsible,
            record.title,
            record.doc_date.isoformat() if record.doc_date else "",
            record.page_count or "",
        ]
        # A row grows with its longest wrapped cell: a long 责任者 or 题名 is printed whole.
        row_h = max(
            6 * mm,
            *(
                pdflayout.lines_height(v, w * mm - 2 * mm, 8) + 2 * mm
                for (_l, w), v in zip(cols, values, strict=True)
            ),
        )
        if y - row_h < 15 * mm:
            c.showPage()
            y = header()
        x = x0
        for (_label, w), value in zip(cols, values, strict=True):
            pdflayout.draw(c, value, x, y + 3 * mm, w * mm - 2 * mm, row_h, size=8)
            x += w * mm
        y -= row_h
    c.showPage()
    # 备考表
    c.setFont(font, 16)
    c.drawCentredString(page_w / 2, page_h - 20 * mm, str(_("备考表")))
    c.setFont(font, 10)
    c.rect(x0, 60 * mm, page_w - 30 * mm, page_h - 90 * mm)
    c.drawString(x0 + 4 * mm, page_h - 38 * mm, str(_("盒内文件情况说明：")))
    c.drawString(
        x0 + 8 * mm,
        page_h - 46 * mm,
        _("本盒共 %(n)s 件，%(pages)s 页。")
        % {"n": len(records), "pages": sum(r.page_count or 0 for r in records)},
    )
    notes = [line for line in (box.note or "").splitlines() if line.strip()]
    notes += [f"{r.archival_code}：{r.note}" for r in records if r.note]
    # The notes share the frame: wrapped, and smaller when there are many (never cut).
    pdflayout.draw(
        c, "\n".join(notes), x0 + 8 * mm, page_h - 50 * mm, page_w - 50 * mm, page_h - 114 * mm, size=10
    )
    c.setFont(font, 10)
    pdflayout.draw(
        c, f"{_('整理人')}：{prepared_by}", x0 + 4 * mm, 55 * mm, 62 * mm, 7 * mm, size=10, min_size=6
    )
    c.drawString(x0 + 70 * mm, 50 * mm, f"{_('检查人')}：")
    c.drawString(x0 + 4 * mm, 42 * mm, f"{_('日期')}：{timezone.localdate().isoformat()}")
    c.showPage()
    c.save()
    return buffer.getvalue()


def qr_png(url: str) -> bytes:
    import qrcode

    image = qrcode.make(url, box_size=6, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def original_label(original, url: str, code: str = "") -> bytes:
    """An 80 x 40 mm label: document, copy kind, archival code, home, and a QR code opening the page."""
    width, height = 80 * mm, 40 * mm
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(_("原件标签"))
    c.drawImage(ImageReader(io.BytesIO(qr_png(url))), width - 33 * mm, 4 * mm, 31 * mm, 31 * mm)
    # (text, size, box height): the title may take two or three lines, the rest shrink to one.
    lines = [
        (original.document.title, 9, 11 * mm),
        (original.get_kind_display(), 8, 5 * mm),
        (code or _("未归档"), 7, 5 * mm),
        (str(original.home) if original.home_id else "", 7, 7 * mm),
        (f"#{original.pk}", 7, 4 * mm),
    ]
    y = height - 3 * mm
    for text, size, box_h in lines:
        pdflayout.draw(c, text, 3 * mm, y, width - 37 * mm, box_h, size=size, min_size=5)
        y -= box_h + 0.5 * mm
    c.showPage()
    c.save()
    return buffer.getvalue()


def disposal_certificate(batch, items) -> bytes:
    font = _font()
    page_w, page_h = A4
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(_("档案销毁证明 %(n)s") % {"n": batch.number})

    def header():
        c.setFont(font, 16)
        c.drawCentredString(page_w / 2, page_h - 20 * mm, str(_("档案销毁清册及证明")))
        line = f"{_('清册号')}：{batch.number}  {_('状态')}：{batch.get_status_display()}"
        pdflayout.draw(c, line, 15 * mm, page_h - 26 * mm, page_w - 30 * mm, 6 * mm, size=10, min_size=7)
        decided = timezone.localtime(batch.decided_at).strftime("%Y-%m-%d %H:%M") if batch.decided_at else ""
        decider = batch.decided_by.label if batch.decided_by_id else ""
        line = (
            f"{_('提出人')}：{batch.proposed_by.label}  {_('审批人')}：{decider}  {_('审批时间')}：{decided}"
        )
        pdflayout.draw(c, line, 15 * mm, page_h - 33 * mm, page_w - 30 * mm, 10 * mm, size=10, min_size=7)
        c.setFont(font, 9)
        for x, label in ((15, _("档号")), (75, _("题名")), (175, _("保管期限"))):
            c.drawString(x * mm, page_h - 48 * mm, str(label))
        c.line(15 * mm, page_h - 50 * mm, page_w - 15 * mm, page_h - 50 * mm)
        return page_h - 51 * mm

    y = header()
    for item in items:
        cells = ((15, 58, item.archival_code), (75, 98, item.title), (175, 20, item.retention_code))
        row_h = max(6 * mm, *(pdflayout.lines_height(v, w * mm, 9) + 2 * mm for _x, w, v in cells))
        if y - row_h < 15 * mm:
            c.showPage()
            y = header()
        for x, w, value in cells:
            pdflayout.draw(c, value, x * mm, y, w * mm, row_h, size=9, min_size=7)
        y -= row_h
    c.showPage()
    c.save()
    return buffer.getvalue()
