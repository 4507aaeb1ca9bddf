from django.core.management.base import BaseCommand

from docstore.services.edit_locks import release_expired_locks


class Command(BaseCommand):
    help = "释放所有已到期的签出（可由 cron 或后台任务定时调用）。"

    def handle(self, *args, **options):
        released = release_expired_locks()
        self.stdout.write(f"released {released} expired check-out(s)")
