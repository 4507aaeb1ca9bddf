"""Charts drawn server-side as SVG (no library, no CDN): series from the owning apps' selectors and a small
bar-chart renderer."""

import datetime
from dataclasses import dataclass
from html import escape

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive import selectors as archive_selectors
from archive.models import PartyType
from seals import selectors as seal_selectors

# Colours with at least 3:1 contrast against white, told apart also by the legend order and the tooltips.
PALETTE = ["#b3261e", "#0550ae", "#1a7f37", "#9a6700", "#8250df", "#bc4c00", "#57606a", "#0a7d8c"]


@dataclass
class Series:
    name: str
    values: list[float]


def months_back(count: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the last `count` months, oldest first, ending with this month."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    out = []
    for _i in range(count):
        out.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(out))


def _month_key(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year:04d}-{value.month:02d}"


def seal_use_per_month(months: int = 12) -> tuple[list[str], list[Series]]:
    axis = months_back(months)
    labels = [_month_key(m) for m in axis]
    by_seal: dict[str, dict[str, float]] = {}
    for row in sorted(seal_selectors.monthly_use_since(axis[0]), key=lambda r: (r["seal"], r["month"])):
        by_seal.setdefault(row["seal"], {})[row["month"]] = row["total"] or 0
    series = [Series(name, [per.get(m, 0) for m in labels]) for name, per in by_seal.items()]
    return labels, series


def documents_filed_per_month(months: int = 12) -> tuple[list[str], list[Series]]:
    axis = months_back(months)
    labels = [_month_key(m) for m in axis]
    start = timezone.make_aware(datetime.datetime.combine(axis[0], datetime.time.min))
    counts: dict[str, float] = {}
    for filed_at in archive_selectors.filed_times(start):
        key = _month_key(filed_at)
        counts[key] = counts.get(key, 0) + 1
    return labels, [Series(_("归档件数"), [counts.get(m, 0) for m in labels])]


def originals_out_per_party() -> tuple[list[str], list[Series]]:
    rows = archive_selectors.originals_out_by_party()
    labels = [str(label) for _value, label in PartyType.choices]
    return labels, [Series(_("借出中"), [rows.get(value, 0) for value, _label in PartyType.choices])]


def _nice_max(value: float) -> int:
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return int(value) + 1


def bar_chart(chart_id: str, title: str, labels: list[str], series: list[Series], *, width: int = 680,
              height: int = 280, empty_text: str = "") -> str:  # fmt: skip
    """A stacked bar chart as an inline SVG string (safe markup: every text is escaped)."""
    left, right, top, bottom = 44, 12, 16, 64
    legend_h = 20 * ((len(series) + 2) // 3) if len(series) > 1 else 0
    total_h = height + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {total_h}"'
        f' width="100%" role="img" aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for i in range(6):  # grid and y ticks
        value = top_value * i / 5
        y = top + plot_h - plot_h * i / 5
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value:g}</text>')
    slot = plot_w / max(len(labels), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            base -= h
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}"'
                f' data-series="{escape(one.name)}" data-label="{escape(label)}" data-value="{value:g}">'
                f"<title>{escape(one.name)} · {escape(label)}: {value:g}</title></rect>"
            )
        if totals[i]:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{base - 4:.1f}" text-anchor="middle" class="value">{totals[i]:g}</text>'
            )
        lx, ly = x + bar_w / 2, top + plot_h + 14
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" transform="rotate(-35 {lx:.1f} {ly:.1f})"'
            f' class="axis">{escape(label)}</text>'
        )
    if not any(totals) and empty_text:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" class="empty-text">'
            f"{escape(empty_text)}</text>"
        )
    if len(series) > 1:
        for index, one in enumerate(series):
            col, row = index % 3, index // 3
            x, y = left + col * (plot_w / 3), height + row * 20
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 18:.1f}" y="{y:.1f}" class="legend">{escape(one.name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (built here; every text escaped)
