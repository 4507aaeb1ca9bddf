"""List what is overdue: originals not returned, letters awaiting a reply, filings not returned.
Run daily (cron or a task worker); the same reminders show in the app."""

from django.core.management.base import BaseCommand

from archive import selectors


class Command(BaseCommand):
    help = "Print overdue originals, overdue letter replies and filings not returned (exit 0)."

    def handle(self, *args, **options):
        movements = list(selectors.overdue_movements())
        letters = list(selectors.overdue_letters())
        filings = list(selectors.filings_not_returned())
        for m in movements:
            self.stdout.write(f"original overdue: {m.original} holder={m.holder_label} due={m.due_date}")
        for letter in letters:
            self.stdout.write(f"reply overdue: {letter.number} {letter.counterparty} due={letter.reply_due}")
        for f in filings:
            self.stdout.write(f"filing not returned: {f.document} submitted={f.submitted_at:%Y-%m-%d}")
        self.stdout.write(
            f"{len(movements)} originals, {len(letters)} letters, {len(filings)} filings overdue"
        )
