"""What the archive tells people (through `notifications`): reminders about what is overdue, to its holder
and the manager, at most once a day per item."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER
from archive import selectors
from notifications.events import Event
from notifications.selectors import people_with_role
from notifications.services import remind

OVERDUE = _("逾期提醒")
ORIGINAL_OVERDUE = Event("original.overdue", _("原件逾期未还"), OVERDUE)
LETTER_OVERDUE = Event("letter.reply_overdue", _("联络函逾期未回复"), OVERDUE)
FILING_OVERDUE = Event("filing.not_returned", _("备案原件逾期未退回"), OVERDUE)


def _told(messages) -> list:
    return [m.recipient for m in messages]


def remind_overdue(day=None) -> dict[str, list[tuple]]:
    """Overdue originals (to the colleague holding it, or who lent it to an outside party), letters awaiting a
    reply (to who registered it) and filings not returned (to who submitted it), each with the managers.
    Returns {kind: [(item, people told now)]}: nobody is told twice about one item on one day."""
    day = day or timezone.localdate()
    managers = list(people_with_role(MANAGER))
    found: dict[str, list[tuple]] = {"originals": [], "letters": [], "filings": []}
    for m in selectors.overdue_movements(day):
        messages = remind(
            ORIGINAL_OVERDUE,
            item=str(m.pk),
            recipients=[m.holder or m.created_by, *managers],
            link=m.original.get_absolute_url(),
            subject=_("原件逾期未还：%(original)s"),
            body=_("%(holder)s 借用的原件《%(original)s》应于 %(due)s 归还，已逾期 %(days)s 天。"),
            params={
                "original": str(m.original),
                "holder": m.holder_label,
                "due": m.due_date.isoformat(),
                "days": (day - m.due_date).days,
            },
            day=day,
        )
        found["originals"].append((m, _told(messages)))
    for letter in selectors.overdue_letters(day):
        messages = remind(
            LETTER_OVERDUE,
            item=str(letter.pk),
            recipients=[letter.created_by, *managers],
            link=letter.get_absolute_url(),
            subject=_("联络函逾期未回复：%(number)s"),
            body=_("%(counterparty)s 的来函 %(number)s（%(subject)s）应于 %(due)s 前回复，尚未回复。"),
            params={
                "number": letter.number,
                "counterparty": letter.counterparty,
                "subject": letter.subject,
                "due": letter.reply_due.isoformat(),
            },
            day=day,
        )
        found["letters"].append((letter, _told(messages)))
    for filing in selectors.filings_not_returned():
        messages = remind(
            FILING_OVERDUE,
            item=str(filing.pk),
            recipients=[filing.submitted_by, *managers],
            link=reverse("archive:filings"),
            subject=_("备案原件未退回：%(document)s"),
            body=_("《%(document)s》于 %(submitted)s 送交%(kind)s，原件至今未退回。"),
            params={
                "document": filing.document.title,
                "submitted": f"{timezone.localtime(filing.submitted_at):%Y-%m-%d}",
                "kind": filing.get_kind_display(),
            },
            day=day,
        )
        found["filings"].append((filing, _told(messages)))
    return found
