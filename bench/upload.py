"""Upload throughput through the real HTTP API, next to the machine's own limit measured in the same run.

The app: gunicorn with the deploy config and the production settings, the background workers running (the
real task backend: each upload queues its text and previews), N clients (default 4) posting multipart uploads
with a token over loopback. Two sets: scans of 1-5 MB (MB/s counts) and a mix of generated PDFs averaging
about 86 KB (documents/s counts). The raw baseline: sha256 + copy + fsync of the same files, with as many
threads as clients. Also the download of a 1 MB version through the API.

Usage: python -m bench.upload [--docs 1000] [--scans 60] [--clients 4] [--db pg|postgres://...]
"""

import argparse
import hashlib
import io
import json
import os
import random
import shutil
import threading
import time
from pathlib import Path

from bench.common import load_average, percentile, setup_django, summary_ms

ROOT = Path(__file__).resolve().parent.parent
TARGET_SCAN_RATIO = 0.5  # of the raw MB/s, for 1-5 MB scans
TARGET_DOCS_PER_S = 150  # for the ~86 KB mix


def scan_pdf(seed: int, kilobytes: int) -> bytes:
    """A PDF carrying a noisy image, like a scanned page, about `kilobytes` large (noise does not compress)."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    side = int((kilobytes * 1024 / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(side * side * 3))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawImage(ImageReader(image), 40, 200, width=500, height=500)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def mixed_set(folder: Path, count: int) -> list[Path]:
    """1-12 page contracts, one in ten a scan of 200-1000 KB: about 86 KB on average."""
    from demo.content import CONTRACT_CLAUSES, make_pdf

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    paths = []
    for i in range(count):
        path = folder / f"doc-{i:05}.pdf"
        if i % 10 == 0:
            kilobytes = rng.choice([200, 500, 1000])
            data = None if path.exists() else scan_pdf(i, kilobytes)
        else:
            pages = rng.randint(1, 12)
            data = None
            if not path.exists():
                data = make_pdf(
                    f"商品房买卖合同 {i}", [f"合同编号 HT-2026-{i:05}", *CONTRACT_CLAUSES], pages=pages
                )
        if data is not None:
            path.write_bytes(data)
        paths.append(path)
    return paths


def scan_set(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(9)
    paths = []
    for i in range(count):
        path = folder / f"scan-{i:04}.pdf"
        kilobytes = rng.randint(1024, 5 * 1024)
        if not path.exists():
            path.write_bytes(scan_pdf(1000 + i, kilobytes))
        paths.append(path)
    return paths


def in_threads(items: list, threads: int, work) -> float:
    """Run work(item, thread_index) over the items with `threads` threads; the wall-clock seconds."""
    queue, lock = list(reversed(items)), threading.Lock()
    errors: list[BaseException] = []

    def run(index):
        while True:
            with lock:
                if not queue or errors:
                    return
                item = queue.pop()
            try:
                work(item, index)
            except BaseException as exc:  # reported below, after the others stop
                errors.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def raw_baseline(paths: list[Path], target: Path, threads: int) -> float:
    target.mkdir(parents=True, exist_ok=True)

    def copy(path, _index):
        digest = hashlib.sha256()
        with open(path, "rb") as src, open(target / path.name, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())

    seconds = in_threads(paths, threads, copy)
    shutil.rmtree(target, ignore_errors=True)
    return seconds


def upload_all(app, headers: dict, paths: list[Path], clients: int) -> tuple[float, list[float]]:
    from bench.server import Client, multipart

    bodies = {}
    for path in paths:  # built before the clock starts: the client's work is not the app's
        bodies[path] = multipart(
            {"doc_type": "other", "title": path.stem}, {"file": (path.name, path.read_bytes())}
        )
    connections = [Client(app.port, headers) for _ in range(clients)]
    latencies, lock = [], threading.Lock()

    def post(path, index):
        body, content_type = bodies[path]
        start = time.perf_counter()
        status, data = connections[index].request(
            "POST", "/api/v1/documents/", body, {"Content-Type": content_type}
        )
        elapsed = time.perf_counter() - start
        if status != 201:
            raise RuntimeError(f"upload of {path.name}: HTTP {status}: {data[:300]!r}")
        with lock:
            latencies.append(elapsed)

    return in_threads(paths, clients, post), latencies


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench upload")
    parser.add_argument("--docs", type=int, default=1000, help="the ~86 KB mix")
    parser.add_argument("--scans", type=int, default=60, help="scans of 1-5 MB")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--downloads", type=int, default=100)
    parser.add_argument(
        "--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL; default SQLite"
    )
    args = parser.parse_args(argv)
    from bench import pg

    with pg.database(args.db, "upload") as db_url:
        return run(args, db_url)


def run(args, db_url: str | None) -> dict:
    from bench.server import App, Client, make_users

    inputs = ROOT / "var" / "bench" / "upload-inputs"
    mixed, scans = mixed_set(inputs / "mixed", args.docs), scan_set(inputs / "scans", args.scans)
    from bench import pg

    db_url = pg.fresh_database(db_url, "bench_upload") if db_url else None
    work = setup_django(db_url, tasks="database")
    db_url = db_url or f"sqlite:///{work / 'db.sqlite3'}"
    from django.db import connection

    users = make_users()
    connection.close()
    result = {"clients": args.clients, "database": connection.vendor}
    load_before = load_average()
    raw_mixed = raw_baseline(mixed, work / "raw", args.clients)
    raw_scans = raw_baseline(scans, work / "raw", args.clients)
    with App(work, db_url) as app:
        headers = users["clerk"]["api"]
        upload_all(app, headers, mixed[:20], args.clients)  # warm up: imports, connections
        cpu = [app.cpu_seconds(), time.process_time()]
        mixed_s, mixed_lat = upload_all(app, headers, mixed[20:], args.clients)
        cpu += [app.cpu_seconds(), time.process_time()]
        scans_s, scans_lat = upload_all(app, headers, scans, args.clients)
        cpu += [app.cpu_seconds(), time.process_time()]
        download = _downloads(app, Client(app.port, headers), args.downloads)
    for name, paths, app_s, raw_s, lat, (web0, me0, web1, me1) in [
        ("mixed", mixed[20:], mixed_s, raw_mixed * len(mixed[20:]) / len(mixed), mixed_lat, cpu[0:4]),
        ("scans", scans, scans_s, raw_scans, scans_lat, cpu[2:6]),
    ]:
        mb = sum(p.stat().st_size for p in paths) / 1024 / 1024
        result[name] = {
            "files": len(paths),
            "mean_kb": round(mb * 1024 / len(paths), 1),
            "app_mb_s": round(mb / app_s, 1),
            "app_docs_s": round(len(paths) / app_s, 1),
            "raw_mb_s": round(mb / raw_s, 1),
            "raw_docs_s": round(len(paths) / raw_s, 1),
            "ratio": round(raw_s / app_s, 3),
            "latency": summary_ms(lat),
            "latency_p99_ms": round(percentile(lat, 99) * 1000, 1),
            # CPU per upload, whatever else loads the machine: the web server, the workers meanwhile, the client
            "cpu_ms_per_doc": {
                "web": round((web1["web"] - web0["web"]) * 1000 / len(paths), 1),
                "workers": round((web1["workers"] - web0["workers"]) * 1000 / len(paths), 1),
                "client": round((me1 - me0) * 1000 / len(paths), 1),
            },
        }
        print(
            f"upload {name:6} ({len(paths)} files, mean {result[name]['mean_kb']} KB): app "
            f"{result[name]['app_mb_s']} MB/s, {result[name]['app_docs_s']} docs/s; raw "
            f"{result[name]['raw_mb_s']} MB/s, {result[name]['raw_docs_s']} docs/s; ratio {result[name]['ratio']}",
            flush=True,
        )
    result["download_1mb"] = download
    result["load_average"] = f"{load_before} -> {load_average()}"
    result["targets"] = [
        {"name": "scans MB/s vs raw", "value": result["scans"]["ratio"], "min": TARGET_SCAN_RATIO},
        {"name": "~86 KB docs/s", "value": result["mixed"]["app_docs_s"], "min": TARGET_DOCS_PER_S},
    ]
    print(f"download 1 MB: {download}; load {result['load_average']}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return result


def _downloads(app, client, count: int) -> dict:
    from bench.server import multipart

    body, content_type = multipart(
        {"doc_type": "other", "title": "1MB"}, {"file": ("1mb.pdf", scan_pdf(7, 1000))}
    )
    status, data = client.request("POST", "/api/v1/documents/", body, {"Content-Type": content_type})
    version = json.loads(data)["current_version"]
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        status, data = client.request("GET", f"/api/v1/versions/{version['id']}/content")
        samples.append(time.perf_counter() - start)
        assert status == 200 and len(data) == version["size"], status
    return summary_ms(samples)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
