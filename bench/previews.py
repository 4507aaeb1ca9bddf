"""Preview generation: page images (PNG, 1000 px wide) and the thumbnail, from a generated Chinese PDF of N
pages and from scanned-size images, the way the background task makes them (in this process); then the real
worker (`run_workers` with one process, or `db_worker` where the code predates it) making the previews of a
300-page PDF, its peak memory (VmHWM, read while it runs) and how long it took.

Usage: python -m bench.previews [--pages 200] [--images 20] [--worker-pages 300]
"""

import argparse
import io
import time

from bench.common import Timer, load_average, setup_django

TARGET_WORKER_RSS_MB = 150


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--worker-pages", type=int, default=300)
    args = parser.parse_args(argv)
    work = setup_django(tasks="database")  # nothing runs the queued tasks until the worker below
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from demo.content import CONTRACT_CLAUSES, make_pdf, make_png
    from docstore import derive
    from docstore.models import DocumentType
    from docstore.services import documents

    user = get_user_model().objects.create_user("bench_clerk", password="x")
    user.groups.set(Group.objects.filter(name="clerk"))
    other = DocumentType.objects.get(code="other")
    pdf = make_pdf("商品房买卖合同", CONTRACT_CLAUSES * 3, pages=args.pages)
    document = documents.create_document(
        user, file=io.BytesIO(pdf), filename="big.pdf", title="big", doc_type=other
    )
    with Timer() as text:
        derive.make_text(document.current_version)
    with Timer() as pages:
        derivative = derive.make_previews(document.current_version)
    assert derivative.preview_pages == args.pages, derivative.error
    images = []
    for i in range(args.images):
        data = make_png(width=2480, height=3508, color=(i * 10 % 255, 30, 30))  # A4 at 300 dpi
        images.append(
            documents.create_document(
                user,
                file=io.BytesIO(data),
                filename=f"scan{i}.png",
                title=f"scan{i}",
                doc_type=DocumentType.objects.get(code="attachment"),
            )
        )
    with Timer() as scans:
        for doc in images:
            derive.make_previews(doc.current_version)
    results = {
        "pdf_pages": args.pages,
        "pdf_pages_per_s": round(args.pages / pages.seconds, 1),
        "pdf_text_pages_per_s": round(args.pages / text.seconds, 1),
        "images": args.images,
        "images_per_s": round(args.images / scans.seconds, 1) if args.images else None,
    }
    print(
        f"previews: {results['pdf_pages_per_s']} PDF pages/s, {results['images_per_s']} A4 scans/s, "
        f"text {results['pdf_text_pages_per_s']} pages/s (load {load_average()})",
        flush=True,
    )
    results["worker"] = worker_run(work, user, args.worker_pages)
    results["load_average"] = load_average()
    results["targets"] = [
        {"name": "worker peak RSS MB", "value": results["worker"]["peak_rss_mb"], "max": TARGET_WORKER_RSS_MB}
    ]
    return results


def worker_run(work, user, page_count: int) -> dict:
    """The real worker process makes the previews of one long PDF; its peak resident memory meanwhile."""
    import subprocess

    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from bench.server import PYTHON, ROOT, _children, app_env, peak_rss_mb
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import Derivative, DocumentType
    from docstore.services import documents

    DBTaskResult.objects.all().delete()  # only this file's tasks for the worker
    pdf = make_pdf("商品房买卖合同", CONTRACT_CLAUSES * 3, pages=page_count)
    document = documents.create_document(
        user,
        file=io.BytesIO(pdf),
        filename="long.pdf",
        title="long",
        doc_type=DocumentType.objects.get(code="other"),
    )
    version = document.current_version
    db_url = f"sqlite:///{work / 'db.sqlite3'}" if connection.vendor == "sqlite" else None
    connection.close()
    if (ROOT / "core" / "management" / "commands" / "run_workers.py").exists():
        argv = [PYTHON, "manage.py", "run_workers", "--processes", "1", "-v", "0"]
    else:
        argv = [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "1", "-v", "0"]
    worker = subprocess.Popen(argv, cwd=ROOT, env=app_env(work, db_url))
    start, peak = time.perf_counter(), 0.0
    try:
        while time.perf_counter() - start < 1800:
            for pid in [worker.pid, *_children(worker.pid)]:
                peak = max(peak, peak_rss_mb(pid) or 0.0)
            derivative = Derivative.objects.filter(version=version).first()
            connection.close()
            if derivative is not None and derivative.preview_status != "pending":
                break
            time.sleep(0.25)
        seconds = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(60)
    result = {
        "pages": page_count,
        "status": derivative.preview_status if derivative else None,
        "rendered": derivative.preview_pages if derivative else 0,
        "seconds": round(seconds, 1),
        "peak_rss_mb": peak,
    }
    print(
        f"worker: {page_count}-page PDF, previews {result['status']} in {result['seconds']} s, peak RSS {peak} MB"
    )
    return result


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
