"""Fixity sweep: re-hash every blob that something live references and report the missing and the corrupt
ones. Bytes used only by disposed versions are no longer referenced (they are meant to be gone); bytes that a
live version shares with a disposed one are checked like any other."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from storage.base import rehash
from storage.registry import get_store, referenced_blobs


class Command(BaseCommand):
    help = "Re-hash every referenced blob; exit non-zero when any is missing or corrupt."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        store = get_store()
        wanted = sorted(referenced_blobs())
        missing, corrupt = [], []
        for sha256 in tqdm(wanted, desc="storage_check", unit="blob", disable=options["no_progress"]):
            actual = rehash(store, sha256)
            if actual is None:
                missing.append(sha256)
            elif actual != sha256:
                corrupt.append(sha256)
        for sha256 in missing:
            self.stdout.write(f"MISSING {sha256}")
        for sha256 in corrupt:
            self.stdout.write(f"CORRUPT {sha256}")
        self.stdout.write(f"checked {len(wanted)} blobs: {len(missing)} missing, {len(corrupt)} corrupt")
        if missing or corrupt:
            raise CommandError(f"{len(missing)} missing, {len(corrupt)} corrupt")
