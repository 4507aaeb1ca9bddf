"""Remind of the case steps past their due date, oldest first: each is sent to the case's owner and the
managers through the notifications (inbox, mail, robots), at most once a day per step, and printed. Run daily
(cron or a task worker); the same steps show on the owners' home pages and on the manager's."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.services.notices import remind_overdue_steps


def _names(people) -> str:
    return ", ".join(p.label for p in people) if people else "(already reminded today)"


class Command(BaseCommand):
    help = "Send and print the overdue case steps (exit 0)."

    def add_arguments(self, parser):
        parser.add_argument("--owner", help="only this user's cases (username)")

    def handle(self, *args, **options):
        owner = None
        if options.get("owner"):
            owner = get_user_model().objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"no user {options['owner']!r}")
        told = remind_overdue_steps(owner=owner)
        for case, people in told:
            self.stdout.write(
                f"step overdue: {case.dossier} {case.name} #{case.pk} step {case.current_number} "
                f"{case.current_name} owner={case.owner.username} due={case.current_due} -> {_names(people)}"
            )
        self.stdout.write(f"{len(told)} case steps overdue")
