"""Garbage collection: list the blobs nothing references; delete them only when asked."""

import time

from django.core.management.base import BaseCommand

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
        for sha256 in orphans:
            self.stdout.write(f"{'DELETE' if options['delete'] else 'UNREFERENCED'} {sha256}")
            if options["delete"]:
                store.delete(sha256)
        verb = "deleted" if options["delete"] else "would delete (use --delete)"
        self.stdout.write(f"{len(orphans)} unreferenced blobs {verb}")
