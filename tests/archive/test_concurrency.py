"""Parallel filing and letter numbering stay unique and gapless (PostgreSQL: row locks on the counter)."""

import datetime
import io
import threading

import pytest
from django.db import connection, connections

from archive import services
from archive.models import ArchiveRecord, Letter
from demo.content import make_pdf

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("flushable_db"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
]

WORKERS = 8
EACH = 3


def _run_parallel(target):
    barrier = threading.Barrier(WORKERS)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            target(i)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_parallel_filing_is_gapless(clerk, manager, dossier, doc_type):
    from docstore.services import documents

    documents = [
        documents.create_document(
            clerk,
            file=io.BytesIO(make_pdf(f"合同 {i}", ["内容"])),
            filename=f"c{i}.pdf",
            title=f"合同 {i}",
            doc_type=doc_type("sales_contract"),
            dossier=dossier,
        )
        for i in range(WORKERS * EACH)
    ]
    actors = [clerk, manager]

    def file_some(i):
        for document in documents[i * EACH : (i + 1) * EACH]:
            services.file_document(actors[i % 2], document, year=2026)

    _run_parallel(file_some)
    numbers = sorted(ArchiveRecord.objects.values_list("item_number", flat=True))
    assert numbers == list(range(1, WORKERS * EACH + 1))
    assert ArchiveRecord.objects.values("archival_code").distinct().count() == WORKERS * EACH


def test_parallel_letters_are_gapless(clerk, manager):
    actors = [clerk, manager]
    day = datetime.date(2026, 3, 2) if datetime.date.today().year >= 2026 else datetime.date.today()

    def register(i):
        for j in range(EACH):
            services.register_letter(
                actors[i % 2],
                direction="out" if (i + j) % 2 else "in",
                date=day,
                counterparty="中国建设银行",
                subject=f"函 {i}-{j}",
            )

    _run_parallel(register)
    for direction in ("out", "in"):
        seqs = sorted(Letter.objects.filter(direction=direction).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    assert Letter.objects.count() == WORKERS * EACH
