"""List seals taken out of the office and not back by their due time (for a daily cron or a reminder task)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from seals.selectors import overdue_loans


class Command(BaseCommand):
    help = "List seal loans past their due time. Exit status 0; prints nothing when none is overdue."

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        for loan in overdue_loans():
            late = now - loan.due_at
            hours = int(late.total_seconds() // 3600)
            self.stdout.write(
                f"{loan.seal.name}\t{loan.borrower}\tdue {timezone.localtime(loan.due_at):%Y-%m-%d %H:%M}"
                f"\t{hours} h late\tcustodian {loan.seal.custodian}"
            )
            count += 1
        if count:
            self.stderr.write(f"{count} seal(s) overdue")
