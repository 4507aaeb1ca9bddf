"""Garbage collection: list the blobs nothing live references; delete them only when asked, each under its
lock and after checking again that nothing references it (an upload may have recorded one meanwhile)."""

import time

from django.core.management.base import BaseCommand

from storage import blobs
from storage.registry import get_store, referenced_blobs


class Command(BaseCommand):
    help = "List unreferenced blobs (dry run); --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="delete what is listed")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24.0,
            help="spare blobs younger than this: an upload may still be about to record its version",
        )

    def handle(self, *args, **options):
        store = get_store()
        referenced = referenced_blobs()
        cutoff = time.time() - options["min_age_hours"] * 3600
        orphans = [
            sha256
            for sha256 in store.iter_sha256()
            if sha256 not in referenced and store.modified_at(sha256) <= cutoff
        ]
        deleted = 0
        for sha256 in orphans:
            if not options["delete"]:
                self.stdout.write(f"UNREFERENCED {sha256}")
            elif blobs.delete_unreferenced(sha256):
                self.stdout.write(f"DELETE {sha256}")
                deleted += 1
            else:
                self.stdout.write(f"KEPT {sha256} (referenced meanwhile)")
        if options["delete"]:
            self.stdout.write(f"{deleted} unreferenced blobs deleted")
        else:
            self.stdout.write(f"{len(orphans)} unreferenced blobs would delete (use --delete)")
