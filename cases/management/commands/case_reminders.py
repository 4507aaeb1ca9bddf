"""List the case steps past their due date, oldest first, with their owner. Run daily (cron or a task worker);
the same steps show on the owners' home pages and on the manager's."""

from django.core.management.base import BaseCommand

from cases import selectors


class Command(BaseCommand):
    help = "Print the overdue case steps (exit 0)."

    def add_arguments(self, parser):
        parser.add_argument("--owner", help="only this user's cases (username)")

    def handle(self, *args, **options):
        overdue = selectors.overdue_cases()
        if options.get("owner"):
            overdue = overdue.filter(owner__username=options["owner"])
        count = 0
        for case in overdue.iterator(chunk_size=500):
            count += 1
            self.stdout.write(
                f"step overdue: {case.dossier} {case.name} #{case.pk} step {case.current_number} "
                f"{case.current_name} owner={case.owner.username} due={case.current_due}"
            )
        self.stdout.write(f"{count} case steps overdue")
