"""Send every notification delivery that is due: new ones the worker has not sent, and retries after their
backoff. Run every few minutes from cron; safe alongside the worker (each delivery is claimed first)."""

from django.core.management.base import BaseCommand

from notifications import delivery


class Command(BaseCommand):
    help = (
        "Send due notification deliveries (mail, WeCom, DingTalk) and retry failed ones after their backoff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="most deliveries per run")

    def handle(self, *args, limit, **options):
        counts = delivery.deliver_due(limit=limit)
        total = sum(counts.values())
        self.stdout.write(
            f"{total} attempted: {counts.get('sent', 0)} sent, {counts.get('pending', 0)} to retry, "
            f"{counts.get('failed', 0)} failed"
        )
