"""The board's cards as one piece of HTML: a board shows hundreds of them, and the template language's loop
over each card's ten values was most of the page's time."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _due(card: dict) -> str:
    if not card["due"]:
        return ""
    label = _("已逾期") if card["overdue"] else _("期限")
    return format_html(
        ' <span class="badge{}">{} {}</span>',
        " hot" if card["overdue"] else "",
        label,
        card["due"].strftime("%m-%d"),
    )


@register.simple_tag
def case_cards(cards: list[dict]) -> str:
    return format_html_join(
        "",
        '<li class="case-card{}"><a class="case-link" href="{}">{} <strong>{}</strong></a> '
        '<span class="muted">{}</span><br><span class="muted">{}{}</span>{}</li>',
        (
            (
                " overdue" if c["overdue"] else "",
                c["url"],
                c["project"],
                c["unit"],
                c["customers"],
                c["name"],
                format_html(" · {}", c["bank"]) if c["bank"] else "",
                _due(c),
            )
            for c in cards
        ),
    )
