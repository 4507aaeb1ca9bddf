from django.core.management.base import BaseCommand
from tqdm import tqdm

from docstore import derive, purge, search, text
from docstore.models import Derivative, Document


class Command(BaseCommand):
    help = "重建文本、检索索引（及可选的预览图）。"

    def add_arguments(self, parser):
        parser.add_argument("--previews", action="store_true", help="also re-render page images")

    def handle(self, *args, **options):
        documents = Document.objects.select_related("current_version").order_by("pk")
        for document in tqdm(documents.iterator(), total=documents.count(), disable=options["verbosity"] < 1):
            if purge.is_disposed(document.pk):  # also clears what a disposal before issue 9.2 left behind
                purge.forget_derived([document.pk])
                continue
            version = document.current_version
            if (
                version is not None
                and not Derivative.objects.filter(version=version, text_status="ready").exists()
            ):
                text.make_text(version)
            if version is not None and options["previews"]:
                derive.make_previews(version, fresh=True)
            search.index_document(document)
