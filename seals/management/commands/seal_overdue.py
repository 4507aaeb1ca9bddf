"""Remind of seals taken out of the office and not back by their due time: the borrower, the custodian and
the manager are told through the notifications, at most once a day per loan, and each is printed (for a
daily cron or a reminder task)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from seals.services.notices import remind_overdue_loans


class Command(BaseCommand):
    help = "Send and list seal loans past their due time. Exit status 0; prints nothing when none is overdue."

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        for loan, told in remind_overdue_loans():
            late = now - loan.due_at
            hours = int(late.total_seconds() // 3600)
            names = ", ".join(p.label for p in told) if told else "(already reminded today)"
            self.stdout.write(
                f"{loan.seal.name}\t{loan.borrower}\tdue {timezone.localtime(loan.due_at):%Y-%m-%d %H:%M}"
                f"\t{hours} h late\tcustodian {loan.seal.custodian}\t-> {names}"
            )
            count += 1
        if count:
            self.stderr.write(f"{count} seal(s) overdue")
