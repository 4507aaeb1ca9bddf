import re
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.roles import CLERK, MANAGER
from docstore.models import DocumentType
from docstore.services.imports import DEFAULT_MAPPING, Importer, walk


class Command(BaseCommand):
    help = (
        "批量导入文件夹：项目/楼栋-房号/文件 对应案卷；已存储的相同文件（SHA-256 相同）跳过，"
        "被拒绝的文件在最后列出原因。重复运行只导入缺少的文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder to import")
        parser.add_argument(
            "--mapping",
            default=None,
            help=(
                "regex over the path relative to PATH with named groups project, building, unit "
                f"(optional doc_type); default {DEFAULT_MAPPING!r}"
            ),
        )
        parser.add_argument("--as", dest="username", default=None, help="user the import is recorded for")
        parser.add_argument("--doc-type", default="other", help="type code when the file name names none")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        root = Path(options["path"])
        if not root.is_dir():
            raise CommandError(f"not a folder: {root}")
        actor = self._actor(options["username"])
        try:
            importer = Importer(actor, root, mapping=options["mapping"], default_type=options["doc_type"])
        except (ValueError, re.error, DocumentType.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        files, links = walk(root)
        importer.report.symlinks.extend(links)
        started = time.monotonic()
        bar = tqdm(files, unit="file", disable=options["no_progress"], file=self.stderr._out)
        for path in bar:
            bar.set_postfix_str(path.name[:30], refresh=False)
            importer.import_file(path)
        elapsed = time.monotonic() - started
        report = importer.report
        self.stdout.write(
            f"imported {len(report.imported)}, skipped {len(report.skipped)} (already stored), "
            f"refused {len(report.refused)}, new dossiers {report.dossiers_created} in {elapsed:.1f}s"
        )
        if report.symlinks:  # never followed: a link may point out of the folder, or round in a loop
            self.stdout.write(f"skipped {len(report.symlinks)} symlinks (never followed):")
            for relative, target in report.symlinks:
                self.stdout.write(f"  {relative} -> {target}")
        if report.refused:
            self.stdout.write("refused files:")
            for relative, reason in report.refused:
                self.stdout.write(f"  {relative}: {reason}")
        return None

    def _actor(self, username):
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no such user: {username}")
            return user
        user = (
            User.objects.filter(groups__name=MANAGER, is_active=True).order_by("pk").first()
            or User.objects.filter(groups__name=CLERK, is_active=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError("no manager or clerk to record the import for; pass --as USERNAME")
        return user
