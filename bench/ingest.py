"""From upload to searchable, with the real background workers: the production app (gunicorn with the deploy
config, the workers of `run_workers`), N clients uploading over HTTP.

- Idle: one document at a time on a quiet system; the seconds from its upload's answer until the search API
  finds it by a word only it contains (p50, max).
- Bulk: N PDFs (the ~86 KB mix of bench.upload) uploaded by the clients; the seconds from the first upload
  until the last document is searchable (its search entry is written), and the documents per second.
The workers' peak memory is reported too.

Usage: python -m bench.ingest [--docs 1000] [--idle 10] [--clients 4] [--db pg|postgres://...]
"""

import argparse
import json
import shutil
import time
from pathlib import Path

from bench.common import load_average, percentile, setup_django

ROOT = Path(__file__).resolve().parent.parent
TARGET_DOCS_PER_S = 30
TARGET_IDLE_S = 2.0


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench ingest")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=10, help="documents uploaded one at a time, idle")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL; default SQLite"
    )
    args = parser.parse_args(argv)
    from bench import pg

    with pg.database(args.db, "upload") as db_url:
        return run(args, db_url)


def run(args, db_url) -> dict:
    from bench import pg
    from bench.server import App, Client, make_users, multipart, peak_rss_mb
    from bench.upload import mixed_set, upload_all

    paths = mixed_set(ROOT / "var" / "bench" / "upload-inputs" / "mixed", args.docs)
    db_url = pg.fresh_database(db_url, "bench_ingest") if db_url else None
    work = setup_django(db_url, tasks="database")
    db_url = db_url or f"sqlite:///{work / 'db.sqlite3'}"
    from django.db import connection

    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import SearchEntry

    users = make_users()
    headers = users["clerk"]["api"]
    connection.close()
    result = {"docs": args.docs, "clients": args.clients, "database": connection.vendor}
    load_before = load_average()
    with App(work, db_url) as app:
        client = Client(app.port, headers)
        # idle: one at a time, each found by its own word
        delays = []
        for i in range(args.idle + 1):
            word = f"IDLE-{i:04}-{int(time.time())}"
            data = make_pdf(f"通知 {i}", [f"编号 {word}", *CONTRACT_CLAUSES[:3]], pages=2)
            body, content_type = multipart({"doc_type": "other"}, {"file": (f"{word}.pdf", data)})
            status, answer = client.request(
                "POST", "/api/v1/documents/", body, {"Content-Type": content_type}
            )
            assert status == 201, answer[:300]
            uploaded = time.perf_counter()
            while time.perf_counter() - uploaded < 60:
                status, found = client.request("GET", f"/api/v1/search?q={word}")
                if json.loads(found)["count"]:
                    break
                time.sleep(0.05)
            if i:  # the first one also waits for the workers' start
                delays.append(time.perf_counter() - uploaded)
            time.sleep(1.5)  # its previews' first batch is done; the workers are idle again
        result["idle_searchable_s"] = {
            "p50": round(percentile(delays, 50), 2),
            "max": round(max(delays), 2),
            "n": len(delays),
        }
        print(f"idle: searchable {result['idle_searchable_s']} s after the upload's answer", flush=True)
        # bulk: every file, then wait for the last to be searchable
        first_id = SearchEntry.objects.order_by("-document_id").values_list("document_id", flat=True).first()
        connection.close()
        cpu0 = app.cpu_seconds()
        start = time.perf_counter()
        upload_s, latencies = upload_all(app, headers, paths, args.clients)
        while True:
            done = SearchEntry.objects.filter(document_id__gt=first_id).count()
            connection.close()
            if done >= len(paths) or time.perf_counter() - start > 3600:
                break
            time.sleep(0.2)
        searchable_s = time.perf_counter() - start
        cpu1 = app.cpu_seconds()
        rss = [peak_rss_mb(pid) for pid in app.pids()]
    mb = sum(p.stat().st_size for p in paths) / 1024 / 1024
    result.update(
        {
            "mean_kb": round(mb * 1024 / len(paths), 1),
            "upload_s": round(upload_s, 1),
            "upload_docs_s": round(len(paths) / upload_s, 1),
            "all_searchable_s": round(searchable_s, 1),
            "searchable_docs_s": round(len(paths) / searchable_s, 1),
            "searchable": done,
            # CPU per document until then, whatever else loads the machine (the previews go on after)
            "cpu_ms_per_doc": {k: round((cpu1[k] - cpu0[k]) * 1000 / len(paths), 1) for k in cpu0},
            "peak_rss_mb_max": max((r for r in rss if r), default=None),
            "load_average": f"{load_before} -> {load_average()}",
        }
    )
    print(
        f"bulk: {len(paths)} PDFs uploaded in {result['upload_s']} s, all searchable after "
        f"{result['all_searchable_s']} s: {result['searchable_docs_s']} docs/s (load {result['load_average']})",
        flush=True,
    )
    result["targets"] = [
        {"name": "docs/s until searchable", "value": result["searchable_docs_s"], "min": TARGET_DOCS_PER_S},
        {
            "name": "seconds until searchable when idle (max)",
            "value": result["idle_searchable_s"]["max"],
            "max": TARGET_IDLE_S,
        },
    ]
    shutil.rmtree(work, ignore_errors=True)
    return result


if __name__ == "__main__":
    import sys

    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False, default=str))
