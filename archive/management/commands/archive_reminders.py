"""Remind of what is overdue: originals not returned, letters awaiting a reply, filings not returned. Each is
sent to its holder and the manager through the notifications (inbox, mail, robots), at most once a day per
item, and printed. Run daily (cron or a task worker); the same reminders show in the app."""

from django.core.management.base import BaseCommand

from archive.services.notices import remind_overdue


def _names(people) -> str:
    return ", ".join(p.label for p in people) if people else "(already reminded today)"


class Command(BaseCommand):
    help = "Send and print overdue originals, overdue letter replies and filings not returned (exit 0)."

    def handle(self, *args, **options):
        found = remind_overdue()
        for m, told in found["originals"]:
            self.stdout.write(
                f"original overdue: {m.original} holder={m.holder_label} due={m.due_date} -> {_names(told)}"
            )
        for letter, told in found["letters"]:
            self.stdout.write(
                f"reply overdue: {letter.number} {letter.counterparty} due={letter.reply_due} -> {_names(told)}"
            )
        for f, told in found["filings"]:
            self.stdout.write(
                f"filing not returned: {f.document} submitted={f.submitted_at:%Y-%m-%d} -> {_names(told)}"
            )
        self.stdout.write(
            f"{len(found['originals'])} originals, {len(found['letters'])} letters, "
            f"{len(found['filings'])} filings overdue"
        )
