"""The document list with filters at N documents: p50/p95 of GET /api/v1/documents/ with the filters and
sorts a clerk uses (type, dossier, date range, created by, checked out, text, ordering by unit and by type), and deep
pages: pages 100 to 500 asked for by number, the last page, and the pages reached by following the next link.

Usage: python -m bench.doclist [--docs 100000] [--db pg|postgres://...] [--requests 300] [--fresh]
The generated documents are shared with bench.search (generated once, kept in var/bench/).
"""

import argparse
import random

from bench.common import Samples, load_average, setup_django

ENDPOINT = "/api/v1/documents/"


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL; default SQLite"
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--fresh", action="store_true", help="generate the documents again")
    args = parser.parse_args(argv)
    from bench import pg
    from bench.docstore_data import database_for, load_or_generate

    with pg.database(args.db, "docstore") as db_url:
        setup_django(database_for(args.docs, db_url, fresh=args.fresh))
        from django.db import connection

        facts = load_or_generate(args.docs)
        results = {"docs": args.docs, "database": connection.vendor, "generate_s": facts["seconds"]}
        results.update(measure(facts, args.requests))
        results["load_average"] = load_average()
        connection.close()
    print(
        f"document list over {args.docs} documents ({results['database']}): {results['all']} (load {results['load_average']})"
    )
    return results


def measure(facts: dict, requests: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.test import APIClient

    from docstore.models import Document, Dossier
    from docstore.services import edit_locks

    User = get_user_model()
    clerk = User.objects.get(username="bench_clerk")
    for document in Document.objects.order_by("?")[:50]:
        if not document.checkouts.filter(released_at__isnull=True).exists():
            edit_locks.lock_for_edit(clerk, document)
    client = APIClient()
    client.force_authenticate(clerk)
    rng = random.Random(5)
    dossiers = list(Dossier.objects.order_by("?").values_list("pk", flat=True)[:200])
    today = timezone.localdate()
    last_page = max(1, Document.objects.filter(doc_type__code="mortgage_contract").count() // 50)
    last_all = max(1, -(-Document.objects.count() // 50))
    kinds = {
        "plain": lambda: {},
        "type": lambda: {"doc_type": rng.choice(["sales_contract", "loan_contract", "other"])},
        "dossier": lambda: {"dossier": rng.choice(dossiers)},
        "dates": lambda: {"created_after": str(today.replace(day=1)), "created_before": str(today)},
        "created_by": lambda: {"created_by": rng.choice(["bench_clerk", "bench_field"]), "ordering": "title"},
        "checked_out": lambda: {"checked_out": "true"},
        "type_sorted": lambda: {
            "doc_type": "mortgage_contract",
            "ordering": "-created_at",
            "page": rng.randint(1, min(50, last_page)),
        },
        "text": lambda: {"text": rng.choice(facts["units"])},
        "ordering_unit": lambda: {"ordering": rng.choice(["unit", "-unit"]), "page": rng.randint(1, 5)},
        "ordering_type": lambda: {
            "ordering": rng.choice(["doc_type", "-doc_type"]),
            "page": rng.randint(1, 5),
        },
        "page_100_500": lambda: {"page": rng.randint(100, min(500, last_all))},
        "page_last": lambda: {"page": last_all},
    }
    results, everything = {}, Samples()
    per_kind = max(5, requests // (len(kinds) + 1))
    for _ in range(5):  # warm up: imports, URL resolver, database caches
        client.get(ENDPOINT, {"page_size": 50})
    for kind, make in kinds.items():
        samples = Samples()
        for _ in range(per_kind):
            params = {"page_size": 50, **make()}
            response = samples.time(client.get, ENDPOINT, params)
            assert response.status_code == 200, (params, response.content[:300])
        results[kind] = samples.summary()
        everything.wall += samples.wall
        everything.cpu += samples.cpu
        print(f"  {kind:14} {results[kind]}", flush=True)
    # following the next link from page 100 on (the way a user pages through)
    samples = Samples()
    url = client.get(ENDPOINT, {"page_size": 50, "page": min(100, last_all - 1)}).json()["next"]
    for _ in range(per_kind):
        if not url:
            break
        body = samples.time(client.get, url).json()
        url = body["next"]
    results["next_from_page_100"] = samples.summary()
    everything.wall += samples.wall
    everything.cpu += samples.cpu
    print(f"  {'next from 100':14} {results['next_from_page_100']}", flush=True)
    results["all"] = everything.summary()
    results["worst_p95_ms"] = max(
        v["p95_ms"] for k, v in results.items() if isinstance(v, dict) and "p95_ms" in v
    )
    results["target_p95_ms"] = 100
    results["targets"] = [{"name": "worst kind p95 ms", "value": results["worst_p95_ms"], "max": 100}]
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
