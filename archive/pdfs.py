"""Printable PDFs: box spine label, box contents list with the 备考表, original label with QR code,
disposal certificate. reportlab with its built-in CJK font (no font files needed)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _fit(c, text: str, size: float, width: float) -> str:
    text = str(text or "")
    while text and pdfmetrics.stringWidth(text, _font(), size) > width:
        text = text[:-1]
    return text


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
        c.setFont(font, 16)
        c.drawCentredString(width / 2, y - 9 * mm, _fit(c, str(value), 16, width - 8 * mm))
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
        if y < 20 * mm:
            c.showPage()
            y = header()
        values = [
            f"{record.item_number:04d}",
            record.archival_code,
            record.responsible,
            record.title,
            record.doc_date.isoformat() if record.doc_date else "",
            record.page_count or "",
        ]
        x = x0
        c.setFont(font, 8)
        for (_label, w), value in zip(cols, values, strict=True):
            c.drawString(x, y, _fit(c, str(value), 8, w * mm - 2 * mm))
            x += w * mm
        y -= 6 * mm
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
    y = page_h - 54 * mm
    for line in notes[:30]:
        c.drawString(x0 + 8 * mm, y, _fit(c, line, 10, page_w - 50 * mm))
        y -= 6 * mm
    c.drawString(x0 + 4 * mm, 50 * mm, f"{_('整理人')}：{prepared_by}")
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
    font = _font()
    width, height = 80 * mm, 40 * mm
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(_("原件标签"))
    c.drawImage(ImageReader(io.BytesIO(qr_png(url))), width - 33 * mm, 4 * mm, 31 * mm, 31 * mm)
    lines = [
        (original.document.title, 9),
        (original.get_kind_display(), 9),
        (code or _("未归档"), 6),
        (str(original.home) if original.home_id else "", 7),
        (f"#{original.pk}", 7),
    ]
    y = height - 8 * mm
    for text, size in lines:
        c.setFont(font, size)
        c.drawString(3 * mm, y, _fit(c, str(text), size, width - 36 * mm))
        y -= 6 * mm
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
        c.setFont(font, 10)
        c.drawString(
            15 * mm,
            page_h - 30 * mm,
            f"{_('清册号')}：{batch.number}  {_('状态')}：{batch.get_status_display()}",
        )
        decided = timezone.localtime(batch.decided_at).strftime("%Y-%m-%d %H:%M") if batch.decided_at else ""
        decider = batch.decided_by.label if batch.decided_by_id else ""
        c.drawString(
            15 * mm,
            page_h - 37 * mm,
            f"{_('提出人')}：{batch.proposed_by.label}  {_('审批人')}：{decider}  {_('审批时间')}：{decided}",
        )
        return page_h - 48 * mm

    y = header()
    c.setFont(font, 9)
    for item in items:
        if y < 20 * mm:
            c.showPage()
            y = header()
            c.setFont(font, 9)
        c.drawString(15 * mm, y, item.archival_code)
        c.drawString(75 * mm, y, _fit(c, item.title, 9, 95 * mm))
        c.drawString(175 * mm, y, item.retention_code)
        y -= 6 * mm
    c.showPage()
    c.save()
    return buffer.getvalue()
