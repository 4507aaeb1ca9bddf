"""Where the web server's CPU goes, per kind of request of the load mix (bench.load), without a server: each kind
called N times through the WSGI application in this process (the same handler gunicorn calls, the production
settings with DEBUG off, the database task backend: enqueueing is the web's cost, running the task is not).

Over the documents bench.docstore_data generates (a copy: uploads and seal requests write), the users and
fixtures bench.load makes. Reported per kind: the CPU ms per request (p50, mean, min), the queries of one request
and the Python function calls of one (a measure that other work on the machine does not disturb);
`--profile KIND` prints a cProfile top 20 (by own time, by cumulative time, and this project's functions) of
that kind's requests.

Usage: python -m bench.profile_requests [--docs 20000] [-n 30] [--db pg] [--kinds a,b] [--profile KIND ...]
  kinds: api_list page_list api_search page_search page_dossiers page_archive page_document download upload
         seal_create seal_submit seal_approve seal_stamp
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import time
from urllib.parse import quote, urlsplit

from bench.common import load_average, setup_django

KINDS = [
    "api_list",
    "page_list",
    "api_search",
    "page_search",
    "page_dossiers",
    "page_archive",
    "page_document",
    "download",
    "upload",
    "seal_create",
    "seal_submit",
    "seal_approve",
    "seal_stamp",
]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench profile_requests")
    parser.add_argument("--docs", type=int, default=20_000, help="generated documents in the lists")
    parser.add_argument(
        "-n",
        type=int,
        default=30,
        help="requests per kind (at least 3: the first two count queries and calls)",
    )
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds to run")
    parser.add_argument("--profile", action="append", default=[], help="a kind to profile (repeatable)")
    parser.add_argument("--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.n < 3:
        parser.error(
            "-n must be at least 3: the first request of a kind counts its queries, the second its calls"
        )
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds + args.profile) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    from bench import pg

    with pg.database(args.db, "docstore") as db_url:
        return run(args, kinds, db_url)


def run(args, kinds: list[str], db_url: str | None) -> dict:
    from bench.docstore_data import database_for
    from bench.load import working_copy

    source = database_for(args.docs, db_url)
    os.environ["STATIC_MANIFEST"] = "0"  # as bench.server runs the app: no collectstatic for a benchmark
    work = setup_django(source, tasks="immediate")  # fixtures get their text and previews made
    from django.db import connection
    from django.test.utils import override_settings

    _, fixtures = working_copy(source, work, args.docs, args.n)
    print(f"profile: {args.docs} documents, {args.n} requests per kind (load {load_average()})", flush=True)
    load_before = load_average()
    rng = random.Random(args.seed)
    results = {}
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}):
        from django.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
        requests = _requests(rng, fixtures, args.n)
        for kind in kinds:
            results[kind] = _measure(app, kind, requests[kind], profile=kind in args.profile)
            print(f"  {kind:14} {results[kind]}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    mixed = _mix_cpu(results)
    print(f"  mix-weighted CPU per request: {mixed} ms", flush=True)
    return {
        "documents": args.docs,
        "n": args.n,
        "database": connection.vendor,
        "kinds": results,
        "mix_cpu_ms": mixed,
        "load_average": f"{load_before} -> {load_average()}",
    }


def _requests(rng, fixtures: dict, n: int) -> dict:
    """N (method, path, body, headers, expected status) per kind, drawn as bench.load's users draw them. The
    seal steps are a function of the previous step's answer, so they are built as they run (see _seal)."""
    from bench.load import TERMS
    from bench.server import multipart, unique_pdf

    people = fixtures["people"]
    api, web = people["clerk"]["api"], people["clerk"]["web"]
    made = {kind: [] for kind in KINDS}
    for i in range(n):
        ordering = rng.choice(["", "unit", "title", "-created_at", "doc_type"])
        query = f"/api/v1/documents/?page_size=25&ordering={ordering}"
        if rng.random() < 0.3:
            query += "&doc_type=" + rng.choice(["sales_contract", "loan_contract", "other"])
        made["api_list"].append(("GET", query, b"", api, 200))
        page = rng.choice([1, 1, 1, 2, 3, 5])
        page_query = f"/documents/?page={page}&ordering={rng.choice(['', 'unit', 'title'])}"
        made["page_list"].append(("GET", page_query, b"", web, 200))
        term = quote(rng.choice(TERMS))
        made["api_search"].append(("GET", f"/api/v1/search?q={term}&page_size=20", b"", api, 200))
        made["page_search"].append(("GET", f"/search/?q={term}", b"", web, 200))
        made["page_dossiers"].append(("GET", "/dossiers/", b"", web, 200))
        made["page_archive"].append(("GET", "/archive/", b"", web, 200))
        doc = rng.choice(fixtures["real"])
        made["page_document"].append(("GET", f"/documents/{doc['document']}/", b"", web, 200))
        made["download"].append(("GET", f"/api/v1/versions/{doc['version']}/content", b"", api, 200))
        body, content_type = multipart(
            {"doc_type": "other", "title": f"上传 {i}"},
            {"file": (f"u{i}.pdf", unique_pdf(rng.choice(fixtures["bases"]), i))},
        )
        made["upload"].append(
            ("POST", "/api/v1/documents/", body, {**api, "Content-Type": content_type}, 201)
        )
    flows = [{"version": fixtures["to_stamp"][i]} for i in range(n)]
    for step in ("seal_create", "seal_submit", "seal_approve", "seal_stamp"):
        made[step] = [(_seal, step, flow, fixtures) for flow in flows]
    return made


def _seal(step: str, flow: dict, fixtures: dict) -> tuple:
    """One seal step of one flow (as bench.load's users run it): create, submit, approve as the manager, stamp."""
    import json

    people = fixtures["people"]
    field = {**people["field_staff"]["api"], "Content-Type": "application/json"}
    manager = {**people["manager"]["api"], "Content-Type": "application/json"}
    if step == "seal_create":
        item = {
            "version": flow["version"],
            "seal": fixtures["seal"],
            "impressions": 1,
            "cross_page": False,
            "mode": "electronic",
            "placements": [{"page": 1, "x": 150, "y": 60}],
        }
        payload = {"purpose": "抵押登记用章", "recipient": "bank", "items": [item]}
        return "POST", "/api/v1/seal-requests/", json.dumps(payload).encode(), field, 201
    rid = flow["request"]
    if step == "seal_submit":
        return "POST", f"/api/v1/seal-requests/{rid}/submit", b"", field, 200
    if step == "seal_approve":
        body = json.dumps({"comment": "同意"}).encode()
        return "POST", f"/api/v1/seal-requests/{rid}/approve", body, manager, 200
    body = json.dumps({"item": flow["item"]}).encode()
    return "POST", f"/api/v1/seal-requests/{rid}/stamp", body, field, 201


def _call(app, method: str, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    """One request through the WSGI application, as gunicorn makes it; the status and the whole body."""
    url = urlsplit(path)
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": url.path,
        "QUERY_STRING": url.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    status = []
    answer = app(environ, lambda s, h, exc_info=None: status.append(int(s.split()[0])))
    try:
        data = b"".join(answer)
    finally:
        if hasattr(answer, "close"):
            answer.close()
    return status[0], data


def _measure(app, kind: str, requests: list, profile: bool) -> dict:
    """CPU ms of each request but the first two: the queries of the first, the function calls of the second;
    a cProfile report of the timed ones when asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, queries, calls, db_ticks = [], None, None, []
    profiler = cProfile.Profile() if profile else None
    for index, request in enumerate(requests):
        flow = None
        if callable(request[0]):
            build, step, flow, fixtures = request
            request = build(step, flow, fixtures)
        method, path, body, headers, expected = request
        if index == 0:  # counted apart: the query log is not part of the measured cost
            with CaptureQueriesContext(connection) as captured:
                status, data = _call(app, method, path, body, headers)
            queries = len(captured)
        elif index == 1:  # the Python function calls of one warm request: a cost other processes leave alone
            counter = cProfile.Profile()
            counter.enable()
            status, data = _call(app, method, path, body, headers)
            counter.disable()
            calls = pstats.Stats(counter).total_calls
        else:
            if profiler:
                profiler.enable()
            start, server = time.process_time(), _server_ticks(connection)
            status, data = _call(app, method, path, body, headers)
            cpu.append(time.process_time() - start)
            if server is not None:
                db_ticks.append(_server_ticks(connection, server[0]) - server[1])
            if profiler:
                profiler.disable()
        if status != expected:
            raise RuntimeError(f"{kind}: {method} {path} answered {status}: {data[:300]!r}")
        if flow is not None:
            _advance(kind, flow, data)
    if profiler:
        _print_profile(kind, profiler)
    return {
        "cpu_p50_ms": round(statistics.median(cpu) * 1000, 2),
        # the least a request of the kind took: on a machine shared with other work, the figure that other
        # processes disturb least (they slow this one's CPU through the shared caches)
        "cpu_min_ms": round(min(cpu) * 1000, 2),
        "cpu_mean_ms": round(statistics.fmean(cpu) * 1000, 2),
        "queries": queries,
        "calls": calls,
        "n": len(cpu),
        # PostgreSQL: the CPU its server process spent on this connection, per request (mean; clock ticks)
        **({"db_cpu_mean_ms": round(sum(db_ticks) / len(db_ticks) / TICK * 1000, 2)} if db_ticks else {}),
    }


TICK = os.sysconf("SC_CLK_TCK")


def _server_ticks(connection, pid: int | None = None):
    """PostgreSQL: (backend pid, its CPU ticks so far) when `pid` is None, else that backend's ticks now (0
    when the connection was replaced meanwhile). None on SQLite (it runs in this process)."""
    if connection.vendor != "postgresql":
        return None
    if pid is None:
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        return pid, _server_ticks(connection, pid)
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _advance(kind: str, flow: dict, data: bytes) -> None:
    """A created request's id and item, for the flow's next steps."""
    import json

    if kind == "seal_create":
        answer = json.loads(data)
        flow.update(request=answer["id"], item=answer["items"][0]["id"])


def _print_profile(kind: str, profiler: cProfile.Profile) -> None:
    """Top 20 by own time, by cumulative time, and this project's own functions by cumulative time (the
    middleware chain and the handler wrap everything, so the plain cumulative list starts with them)."""
    from bench.common import ROOT

    for title, order, restriction in (
        ("own time", "tottime", ()),
        ("cumulative", "cumulative", ()),
        ("this project's functions, cumulative", "cumulative", (str(ROOT) + r"/(?!bench/|\.venv/)",)),
    ):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(order)
        stats.print_stats(*restriction, 20)
        text = out.getvalue().replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "")
        print(f"--- {kind}: top 20, {title}\n{text}", flush=True)
    dump = ROOT / "bench" / "out" / f"profile-{kind}.pstats"
    dump.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(dump)
    print(f"--- {kind}: the whole profile is in {dump.relative_to(ROOT)} (python -m pstats)", flush=True)


def _mix_cpu(results: dict) -> float | None:
    """The CPU ms of a request drawn from bench.load's mix, from the kinds measured (None if one is missing)."""
    from bench.load import MIX

    groups = {
        "list_search": [
            "api_list",
            "page_list",
            "api_search",
            "page_search",
            "page_dossiers",
            "page_archive",
        ],
        "detail_download": ["page_document", "download"],
        "upload": ["upload"],
        "seal": ["seal_create", "seal_submit", "seal_approve", "seal_stamp"],
    }
    total = 0.0
    for group, weight in MIX.items():
        means = [results[k]["cpu_mean_ms"] for k in groups[group] if k in results]
        if len(means) != len(groups[group]):
            return None
        total += weight / 100 * statistics.fmean(means)
    return round(total, 1)


if __name__ == "__main__":
    import json

    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False, default=str))
