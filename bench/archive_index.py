"""Benchmark: the archive index (filter + list) over generated records.

    python bench/archive_index.py                    # 1,000,000 records (generated once, reused)
    python bench/archive_index.py --records 20000    # quick run

Data lives in its own database (default: SQLite at var/bench/archive-<N>.sqlite3, or DATABASE_URL when given
with --use-database-url). Generated with bulk_create: dossiers, documents with one version each, boxes and
archive records spread over 3 categories, 12 years and 3 retention periods. Measures p50/p95 of the API list
and the HTML index for typical filters and for deep pages (pages 1,000 and 10,000 and the last, asked for by
number), and checks that the number of queries does not depend on the filter or on the data size.
Generating 1,000,000 records takes about 25 minutes on 2 cores (once: the file is kept).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 5000
YEARS = list(range(2015, 2027))


def _setup(records: int, use_database_url: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if not use_database_url:
        path = ROOT / "var" / "bench" / f"archive-{records}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def _generate(target: int, out) -> float:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import CLERK
    from archive.models import ArchiveRecord, Category, Counter, Department, Fonds, Location, RetentionPeriod
    from archive.services.numbering import archival_code, item_series
    from docstore.models import Document, DocumentType, Dossier, Version

    user, _created = User.objects.get_or_create(username="bench_clerk", defaults={"display_name": "基准"})
    user.groups.add(Group.objects.get(name=CLERK))
    have = ArchiveRecord.objects.count()
    if have >= target:
        return 0.0
    started = time.perf_counter()
    fonds = Fonds.objects.get(is_default=True)
    department = Department.objects.get(is_default=True)
    categories = list(Category.objects.filter(code__in=["HT", "WS", "LH"]).order_by("code"))
    retentions = list(RetentionPeriod.objects.order_by("position"))
    doc_type = DocumentType.objects.get(code="sales_contract")
    dossier_count = max(1, target // 50)
    with transaction.atomic():
        existing = Dossier.objects.count()
        Dossier.objects.bulk_create(
            [
                Dossier(
                    project=f"基准项目{i // 5000}", building=str(i % 40 + 1), unit=f"{i:07d}", created_by=user
                )
                for i in range(existing, dossier_count)
            ],
            batch_size=BATCH,
        )
    dossier_ids = list(Dossier.objects.order_by("id").values_list("id", flat=True))
    # Boxes: one per (year, retention) and ~200 records each.
    shelf = Location.objects.filter(kind="shelf", name="基准层架").first()
    if shelf is None:
        room = Location.objects.create(kind="room", name="基准库房")
        cabinet = Location.objects.create(kind="cabinet", name="基准柜", parent=room)
        shelf = Location.objects.create(kind="shelf", name="基准层架", parent=cabinet)
    boxes_per = max(1, target // (len(YEARS) * len(retentions) * 200))
    box_ids = {}
    for year in YEARS:
        for retention in retentions:
            ids = []
            for n in range(1, boxes_per + 1):
                box, _created = Location.objects.get_or_create(
                    kind="box",
                    parent=shelf,
                    name=f"{year}-{retention.code}-{n:04d}",
                    defaults={
                        "year": year,
                        "retention": retention,
                        "department": department,
                        "fonds": fonds,
                        "box_number": n,
                    },
                )
                ids.append(box.pk)
            box_ids[(year, retention.pk)] = ids
    counters: dict[str, int] = {}
    for key, last in Counter.objects.values_list("key", "last"):
        counters[key] = last
    now = timezone.now()
    words = ["商品房买卖合同", "补充协议", "抵押合同", "联络函", "优惠审批单", "退房申请", "公司通知"]
    done = have
    while done < target:
        n = min(BATCH, target - done)
        with transaction.atomic():
            docs = Document.objects.bulk_create(
                [
                    Document(
                        title=f"{words[(done + i) % len(words)]} {done + i}",
                        doc_type=doc_type,
                        dossier_id=dossier_ids[(done + i) % len(dossier_ids)],
                        created_by=user,
                    )
                    for i in range(n)
                ]
            )
            versions = Version.objects.bulk_create(
                [
                    Version(
                        document=d,
                        number=1,
                        sha256=f"{d.pk:064x}",
                        size=1000,
                        filename="file.pdf",
                        media_type="application/pdf",
                        page_count=3,
                        created_by=user,
                    )
                    for d in docs
                ]
            )
            rows = []
            for i, (d, v) in enumerate(zip(docs, versions, strict=True)):
                k = done + i
                category = categories[k % len(categories)]
                year = YEARS[(k // 7) % len(YEARS)]
                retention = retentions[(k // 3) % len(retentions)]
                key = item_series(fonds, category, year, retention, department)
                counters[key] = counters.get(key, 0) + 1
                number = counters[key]
                boxes = box_ids[(year, retention.pk)]
                rows.append(
                    ArchiveRecord(
                        document=d,
                        version=v,
                        dossier_id=d.dossier_id,
                        fonds=fonds,
                        category=category,
                        year=year,
                        retention=retention,
                        department=department,
                        item_number=number,
                        archival_code=archival_code(fonds, category, year, retention, department, number),
                        title=d.title,
                        responsible="本公司",
                        page_count=3,
                        box_id=boxes[k % len(boxes)],
                        trigger_date=now.date().replace(year=year),
                        disposal_due=None
                        if retention.years is None
                        else now.date().replace(year=year + retention.years),
                        filed_by=user,
                        filed_at=now,
                    )
                )
            ArchiveRecord.objects.bulk_create(rows)
            for key, last in counters.items():
                Counter.objects.update_or_create(key=key, defaults={"last": last})
        done += n
        if done % 100_000 < BATCH:
            out.write(f"  generated {done:,} records ({time.perf_counter() - started:.0f} s)\n")
            out.flush()
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics (and, on PostgreSQL, the visibility map)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def _measure(paths: list[tuple[str, str]], runs: int) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(username="bench_clerk")
    client = Client()
    client.force_login(user)
    results = {}
    for name, url in paths:
        client.get(url)  # warm-up
        timings = []
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)  # read now: the next request clears the log
        assert response.status_code == 200, (url, response.status_code)
        cpu = []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        timings.sort()
        cpu.sort()
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
            # CPU time of this process: on SQLite (in-process) the work itself, whatever else loads the machine.
            "cpu_p95_ms": round(cpu[max(0, int(len(cpu) * 0.95) - 1)], 1),
            "queries": queries,
        }
    return results


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--use-database-url", action="store_true", help="use DATABASE_URL instead of var/bench"
    )
    args = parser.parse_args(argv)
    out = sys.stdout
    _setup(args.records, args.use_database_url)
    from archive.models import ArchiveRecord, Location

    generated = _generate(args.records, out)
    total = ArchiveRecord.objects.count()
    box = Location.objects.filter(kind="box").order_by("id").values_list("id", flat=True)[3]
    sample = ArchiveRecord.objects.order_by("id").values("dossier_id", "archival_code")[total // 2]
    prefix = sample["archival_code"][:12]  # fonds-category·year
    filters = [
        ("all", ""),
        ("year", "year=2020"),
        ("category+year", "category=HT&year=2021"),
        ("retention+status", "retention=D10&status=filed"),
        ("status", "status=filed"),
        ("year+status", "year=2022&status=filed"),
        ("code_prefix", f"code={prefix}"),
        ("code_exact", f"code={sample['archival_code']}"),
        ("box", f"box={box}"),
        ("dossier", f"dossier={sample['dossier_id']}"),
        ("page_20", "category=WS&page=20"),
    ]
    last = max(1, -(-total // 50))  # 50 records a page, on the page and in the API
    deep = [(f"page_{n}", f"page={n}") for n in (1000, 10_000) if n < last] + [("page_last", f"page={last}")]
    filters += deep
    paths = [(f"api:{n}", f"/api/v1/archive-records/?{q}") for n, q in filters]
    paths += [(f"web:{n}", f"/archive/?{q}") for n, q in filters]
    text = [
        ("api:text(selective)", "/api/v1/archive-records/?q=退房申请 12345"),
        ("web:text(selective)", "/archive/?q=退房申请 12345"),
        ("api:text(broad,3+chars)", "/api/v1/archive-records/?q=退房申请"),
        ("api:text(2 chars)", "/api/v1/archive-records/?q=合同"),
    ]
    results = _measure(paths, args.runs)
    text_results = _measure(text, max(3, args.runs // 5))
    api_queries = {v["queries"] for k, v in results.items() if k.startswith("api:") and "page_" not in k}
    web_queries = {v["queries"] for k, v in results.items() if k.startswith("web:") and "page_" not in k}
    worst = max(v["p95_ms"] for v in results.values())
    worst_cpu = max(v["cpu_p95_ms"] for v in results.values())
    summary = {
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "records": total,
        "generated_s": round(generated, 1),
        "worst_filter_p95_ms": worst,
        "worst_filter_cpu_p95_ms": worst_cpu,
        "target_p95_ms": 100,
        "api_query_counts": sorted(api_queries),
        "web_query_counts": sorted(web_queries),
        "results": results,
        "text_search": text_results,
    }
    out.write(f"archive index over {total:,} records (generated in {generated:.0f} s)\n")
    for name, r in {**results, **text_results}.items():
        out.write(
            f"  {name:24} p50 {r['p50_ms']:8.1f} ms   p95 {r['p95_ms']:8.1f} ms   "
            f"cpu p95 {r['cpu_p95_ms']:8.1f} ms   queries {r['queries']}\n"
        )
    out.write(
        f"  worst filter+list p95: {worst} ms wall, {worst_cpu} ms cpu (target 100); "
        f"queries api {sorted(api_queries)} web {sorted(web_queries)}\n"
    )
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
