"""Four-property check (四性检测) over the archive or a part of it; prints a summary or the JSON report."""

import json

from django.core.management.base import BaseCommand

from archive import checks
from archive.models import ArchiveRecord


class Command(BaseCommand):
    help = "Run the four-property check (authenticity, integrity, usability, security) on archive records."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--code-prefix", default="")
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")

    def handle(self, *args, **options):
        records = ArchiveRecord.objects.filter(status=ArchiveRecord.Status.FILED).order_by("archival_code")
        if options["year"]:
            records = records.filter(year=options["year"])
        if options["code_prefix"]:
            records = records.filter(archival_code__startswith=options["code_prefix"])
        report = checks.check_batch(records)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"checked {report['count']}: passed {report['passed']}; ok={report['ok']}")
            for item in report["records"]:
                if not item["ok"]:
                    bad = [p for p, v in item["properties"].items() if not v["ok"]]
                    self.stdout.write(f"  {item['archival_code']}: {', '.join(bad)}")
        if not report["ok"]:
            raise SystemExit(1)
