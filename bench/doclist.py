"""The document list with filters at N documents: p50/p95 of GET /api/v1/documents/ with the filters and
sorts a clerk uses (type, dossier, date range, created by, checked out, text, ordering).

Usage: python -m bench.doclist [--docs 100000] [--db postgres://...] [--requests 200]
"""

import argparse
import random
import time

from bench.common import Timer, setup_django, summary_ms

ENDPOINT = "/api/v1/documents/"


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    setup_django(args.db)
    from django.db import connection

    from bench.docstore_data import generate

    print(f"generating {args.docs} documents on {connection.vendor}...", flush=True)
    with Timer() as gen:
        facts = generate(args.docs)
    results = {"docs": args.docs, "database": connection.vendor, "generate_s": round(gen.seconds, 1)}
    results.update(measure(facts, args.requests))
    print(f"document list over {args.docs} documents ({connection.vendor}): {results['all']}")
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
    }
    results = {}
    all_samples = []
    per_kind = max(5, requests // len(kinds))
    for _kind in kinds:  # warm up: imports, URL resolver, database caches
        client.get(ENDPOINT, {"page_size": 20, **({"q": "合同"} if "search" in ENDPOINT else {})})
    for kind, make in kinds.items():
        samples = []
        for _ in range(per_kind):
            params = {"page_size": 50, **make()}
            start = time.perf_counter()
            response = client.get(ENDPOINT, params)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (params, response.content[:300])
        results[kind] = summary_ms(samples)
        all_samples += samples
        print(f"  {kind:12} {results[kind]}", flush=True)
    results["all"] = summary_ms(all_samples)
    results["target_p95_ms"] = 100
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
