"""The daily digest: for everyone who chose it, the messages held back since the last digest, one per
channel. Run once a day from cron (then `deliver_notifications`, or the worker, sends them)."""

from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Gather each person's held notifications into one daily digest per channel."

    def handle(self, *args, **options):
        made = services.send_digests()
        for digest in made:
            self.stdout.write(f"digest for {digest.addressee} ({digest.channel}): {digest.subject}")
        self.stdout.write(f"{len(made)} digest(s)")
