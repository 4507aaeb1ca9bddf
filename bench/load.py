"""50 users for 3 minutes against the application as it runs in production: gunicorn with deploy/gunicorn.conf.py
and the production settings, the background workers, on SQLite or on PostgreSQL (`--db pg`: a throwaway
cluster), all on 127.0.0.1.

Each user repeats: wait a think time (exponential, mean --think seconds), then one request drawn from the mix:
60% lists and searches (the document list through the API and the page, sorted and filtered, full-text search
through both, the dossier list and the archive index), 20% a document's page or a download of its bytes,
15% an upload (a distinct PDF each time), 5% a step of the seal flow (create a request, submit it, approve it
as the manager, stamp it). Reported: p50/p95/p99 per kind and overall, the throughput, every error (any
status but the expected one, any connection failure) counted by kind and cause, and the CPU seconds of the web
server, the workers and the client processes (a database server's is what the cores had left).

Usage: python -m bench.load [--users 50] [--duration 180] [--think 1] [--docs 20000] [--db pg]
"""

import argparse
import json
import multiprocessing
import random
import shutil
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import load_average, percentile, setup_django

ROOT = Path(__file__).resolve().parent.parent
MIX = {"list_search": 60, "detail_download": 20, "upload": 15, "seal": 5}
TARGET_P95_MS = 300
TERMS = ["房", "合同", "贷款", "违约", "银行", "抵押登记", "买受人", "网上备案", "公积金", "物业"]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180, help="seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
    parser.add_argument("--docs", type=int, default=20_000, help="generated documents in the lists")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument(
        "--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL; default SQLite"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from bench import pg

    with pg.database(args.db, "docstore") as db_url:
        return run(args, db_url)


def run(args, db_url: str | None) -> dict:
    from bench.docstore_data import database_for

    source = database_for(args.docs, db_url)
    work = setup_django(source, tasks="immediate")  # the generated documents, made once and kept
    run_url, fixtures = working_copy(source, work, args.docs, args.users)
    from django.db import connection

    from bench.server import App

    print(
        f"load: {args.users} users, {args.duration:.0f} s, think {args.think} s (load {load_average()})",
        flush=True,
    )
    load_before = load_average()
    with App(work, run_url) as app:
        cpu0 = app.cpu_seconds()
        records, clients_cpu = _drive(app.port, fixtures, args)
        cpu1 = app.cpu_seconds()
    result = _report(records, args)
    result["cpu_s"] = {k: round(cpu1[k] - cpu0[k], 1) for k in cpu0}
    result["cpu_s"]["clients"] = round(clients_cpu, 1)
    result["load_average"] = f"{load_before} -> {load_average()}"
    result["database"] = connection.vendor
    result["targets"] = [
        {"name": "errors", "value": result["errors"]["total"], "max": 0},
        {"name": "p95 ms", "value": result["all"]["p95_ms"], "max": TARGET_P95_MS},
    ]
    shutil.rmtree(work, ignore_errors=True)
    return result


def working_copy(source: str, work: Path, docs: int, users: int) -> tuple[str, dict]:
    """The generated corpus (made once and kept) copied for this run, Django pointed at the copy, and the
    run's users and documents made in it: (the copy's URL, the fixtures)."""
    from django.conf import settings
    from django.db import connection

    from bench.docstore_data import load_or_generate

    load_or_generate(docs)
    connection.close()
    run_url = _copy_database(source, work)
    settings.DATABASES["default"].update(_parsed(run_url))
    fixtures = _fixtures(users)
    connection.close()
    return run_url, fixtures


def _parsed(url: str) -> dict:
    import dj_database_url

    parsed = dj_database_url.parse(url)
    return {k: parsed[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")}


def _copy_database(source: str, work: Path) -> str:
    """A copy of the generated database for this run (it writes uploads and seal requests)."""
    if source.startswith("sqlite:///"):
        target = work / "db.sqlite3"
        shutil.copyfile(source.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    import psycopg

    base, name = source.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_load WITH (FORCE)")
        conn.execute(f'CREATE DATABASE bench_load TEMPLATE "{name}"')
    return f"{base}/bench_load"


def _fixtures(users: int) -> dict:
    """Users with tokens and sessions, documents with real bytes (text and previews made), a seal, and one
    document per user to stamp."""
    import io

    from django.db import connection

    from bench.server import make_users
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import Document, DocumentType
    from docstore.services import documents
    from seals import services as seals
    from seals.engine.images import draw_seal

    connection.close()
    people = make_users()
    clerk, field, manager = people["clerk"]["user"], people["field_staff"]["user"], people["manager"]["user"]
    other = DocumentType.objects.get(code="other")
    real = []
    for i in range(40):
        data = make_pdf(f"借款合同 {i}", [f"合同编号 LOAD-{i:04}", *CONTRACT_CLAUSES], pages=1 + i % 4)
        doc = documents.create_document(
            clerk, file=io.BytesIO(data), filename=f"real-{i}.pdf", title=f"借款合同 {i}", doc_type=other
        )
        real.append({"document": doc.pk, "version": doc.current_version_id})
    seal = seals.register_seal(
        manager,
        name="合同专用章",
        kind="contract",
        company="锦绣置业有限公司",
        custodian=clerk,
        size_mm=40,
        image=draw_seal("锦绣置业有限公司", "合同专用章", size=300),
    )
    seal = seals.change_seal_status(manager, seal, to_status="active")
    to_stamp = []
    for i in range(users):
        data = make_pdf(f"抵押合同 {i}", [f"编号 SEAL-{i:04}", *CONTRACT_CLAUSES[:4]], pages=2)
        doc = documents.create_document(
            field, file=io.BytesIO(data), filename=f"seal-{i}.pdf", title=f"抵押合同 {i}", doc_type=other
        )
        to_stamp.append(doc.current_version_id)
    bases = [
        make_pdf(f"上传合同 {i}", [f"合同编号 UP-{i:04}", *CONTRACT_CLAUSES], pages=1 + i % 6)
        for i in range(20)
    ]
    return {
        "people": {role: {"api": p["api"], "web": p["web"]} for role, p in people.items()},
        "real": real,
        "seal": seal.pk,
        "to_stamp": to_stamp,
        "bases": bases,
        "max_document": Document.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


# ---------------------------------------------------------------- the users


def _drive(port: int, fixtures: dict, args) -> tuple[list, float]:
    """Run the users in client processes: every request's (kind, what, started, seconds, outcome), and the CPU
    seconds the client processes used (they share the machine with the server)."""
    per = [list(range(i, args.users, args.processes)) for i in range(args.processes)]
    context = multiprocessing.get_context("fork")
    start = time.time() + 3  # every client process is up by then
    window = (start, start + args.duration)
    with context.Pool(args.processes) as pool:
        parts = pool.starmap(
            _client_process, [(port, fixtures, users, window, args.think, args.seed) for users in per]
        )
    return [record for part, _cpu in parts for record in part], sum(cpu for _part, cpu in parts)


def _client_process(port, fixtures, users, window, think, seed) -> tuple[list, float]:
    cpu = time.process_time()
    records, lock = [], threading.Lock()
    threads = [
        threading.Thread(target=_user, args=(port, fixtures, index, window, think, seed, records, lock))
        for index in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return records, time.process_time() - cpu


def _user(port, fixtures, index, window, think, seed, records, lock) -> None:
    from bench.server import Client, multipart, unique_pdf

    rng = random.Random(seed * 1000 + index)
    people = fixtures["people"]
    api = Client(port, people["clerk"]["api"])
    web = Client(port, people["clerk"]["web"])
    field = Client(port, people["field_staff"]["api"])
    manager = Client(port, people["manager"]["api"])
    flow = {"step": 0, "version": fixtures["to_stamp"][index], "request": None, "item": None}
    kinds, weights = list(MIX), list(MIX.values())
    uploads = 0
    start, deadline = window
    time.sleep(max(0.0, start - time.time()) + rng.random() * min(think, 2))  # not all at once
    while time.time() < deadline:
        kind = rng.choices(kinds, weights)[0]
        if kind == "list_search":
            what, call = _list_or_search(rng, api, web)
        elif kind == "detail_download":
            what, call = _detail_or_download(rng, fixtures, api, web)
        elif kind == "upload":
            uploads += 1
            body, content_type = multipart(
                {"doc_type": "other", "title": f"上传 {index}-{uploads}"},
                {
                    "file": (
                        f"u{index}-{uploads}.pdf",
                        unique_pdf(rng.choice(fixtures["bases"]), index * 100000 + uploads),
                    )
                },
            )
            what = "upload"

            def call(body=body, content_type=content_type):
                return api.request("POST", "/api/v1/documents/", body, {"Content-Type": content_type}), 201

        else:
            what, call = _seal_step(flow, fixtures, field, manager)
        started = time.time()
        t0 = time.perf_counter()
        try:
            (status, data), expected = call()
            outcome = "ok" if status == expected else f"HTTP {status}"
            if outcome == "ok" and kind == "seal":
                _advance(flow, data)
            elif outcome != "ok" and kind == "seal":
                flow.update(step=0, request=None, item=None)  # start a new flow
                outcome += f" {data[:120]!r}"
        except Exception as exc:  # a reset, a refused connection, a timeout: every one is reported
            outcome = f"{type(exc).__name__}: {exc}"[:200]
        elapsed = time.perf_counter() - t0
        with lock:
            records.append((kind, what, started, elapsed, outcome))
        time.sleep(min(5 * think, rng.expovariate(1 / think)) if think else 0)


def _list_or_search(rng, api, web):
    choice = rng.randrange(6)
    if choice == 0:
        ordering = rng.choice(["", "unit", "title", "-created_at", "doc_type"])
        query = f"/api/v1/documents/?page_size=25&ordering={ordering}"
        if rng.random() < 0.3:
            query += "&doc_type=" + rng.choice(["sales_contract", "loan_contract", "other"])
        return "api_list", lambda: (api.request("GET", query), 200)
    if choice == 1:
        page = rng.choice([1, 1, 1, 2, 3, 5])
        query = f"/documents/?page={page}&ordering={rng.choice(['', 'unit', 'title'])}"
        return "page_list", lambda: (web.request("GET", query), 200)
    term = rng.choice(TERMS)
    if choice == 2:
        return "api_search", lambda: (api.request("GET", f"/api/v1/search?q={_q(term)}&page_size=20"), 200)
    if choice == 3:
        return "page_search", lambda: (web.request("GET", f"/search/?q={_q(term)}"), 200)
    if choice == 4:
        return "page_dossiers", lambda: (web.request("GET", "/dossiers/"), 200)
    return "page_archive", lambda: (web.request("GET", "/archive/"), 200)


def _q(term: str) -> str:
    from urllib.parse import quote

    return quote(term)


def _detail_or_download(rng, fixtures, api, web):
    doc = rng.choice(fixtures["real"])
    if rng.random() < 0.5:
        return "page_document", lambda: (web.request("GET", f"/documents/{doc['document']}/"), 200)
    return "download", lambda: (api.request("GET", f"/api/v1/versions/{doc['version']}/content"), 200)


def _seal_step(flow, fixtures, field, manager):
    rid, step = flow["request"], flow["step"]
    if step == 0:
        payload = {
            "purpose": "抵押登记用章",
            "recipient": "bank",
            "items": [
                {
                    "version": flow["version"],
                    "seal": fixtures["seal"],
                    "impressions": 1,
                    "cross_page": False,
                    "mode": "electronic",
                    "placements": [{"page": 1, "x": 150, "y": 60}],
                }
            ],
        }
        return "seal_create", lambda: (field.json("POST", "/api/v1/seal-requests/", payload), 201)
    if step == 1:
        return "seal_submit", lambda: (field.json("POST", f"/api/v1/seal-requests/{rid}/submit"), 200)
    if step == 2:
        return "seal_approve", lambda: (
            manager.json("POST", f"/api/v1/seal-requests/{rid}/approve", {"comment": "同意"}),
            200,
        )
    return "seal_stamp", lambda: (
        field.json("POST", f"/api/v1/seal-requests/{rid}/stamp", {"item": flow["item"]}),
        201,
    )


def _advance(flow, data) -> None:
    if flow["step"] == 0:
        flow.update(request=data["id"], item=data["items"][0]["id"])
    if flow["step"] == 3:
        flow.update(step=0, request=None, item=None, version=data["id"])  # stamp the stamped version next
        return
    flow["step"] += 1


# ---------------------------------------------------------------- the report


def _report(records: list, args) -> dict:
    by_kind, by_what = defaultdict(list), defaultdict(list)
    errors = Counter()
    examples = {}
    for kind, what, _started, elapsed, outcome in records:
        by_kind[kind].append(elapsed)
        by_what[what].append(elapsed)
        if outcome != "ok":
            cause = outcome.split(" b'")[0].split(": ")[0]
            errors[(kind, cause)] += 1
            examples.setdefault(f"{kind}: {cause}", outcome)
    everything = [r[3] for r in records]
    result = {
        "users": args.users,
        "duration_s": args.duration,
        "think_s": args.think,
        "documents": args.docs,
        "requests": len(records),
        "per_s": round(len(records) / args.duration, 1),
        "all": _summary(everything),
        "kinds": {kind: _summary(samples) for kind, samples in by_kind.items()},
        "requests_by_what": {what: _summary(samples) for what, samples in sorted(by_what.items())},
        "errors": {"total": sum(errors.values()), **{f"{k}: {c}": n for (k, c), n in errors.items()}},
        "error_examples": examples,
    }
    print(f"  {len(records)} requests ({result['per_s']}/s), errors: {result['errors']}", flush=True)
    for kind, summary in result["kinds"].items():
        print(f"  {kind:16} {summary}", flush=True)
    print(f"  {'all':16} {result['all']}", flush=True)
    return result


def _summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50) * 1000, 1),
        "p95_ms": round(percentile(samples, 95) * 1000, 1),
        "p99_ms": round(percentile(samples, 99) * 1000, 1),
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False, default=str))
