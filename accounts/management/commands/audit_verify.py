from django.core.management.base import BaseCommand, CommandError

from accounts.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and name the first broken row."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken:
            self.stdout.write(f"BROKEN at seq {broken.seq} (id {broken.pk}): {broken.reason}")
            raise CommandError(f"audit chain broken at seq {broken.seq}")
        self.stdout.write(f"audit chain intact: {checked} events")
