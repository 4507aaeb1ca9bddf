"""Full-text search over N generated documents (Chinese text, about two pages each): p50/p95 of
GET /api/v1/search through the API (auth, filters, ranking, snippets), per kind of query.

Usage: python -m bench.search [--docs 100000] [--db postgres://...] [--queries 200]
"""

import argparse
import random
import time

from bench.common import Timer, setup_django, summary_ms

ENDPOINT = "/api/v1/search"


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="DATABASE_URL (default: a fresh SQLite file)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    setup_django(args.db)
    from django.db import connection

    from bench.docstore_data import generate

    print(f"generating {args.docs} documents on {connection.vendor}...", flush=True)
    with Timer() as gen:
        facts = generate(args.docs)
    results = {"docs": args.docs, "database": connection.vendor, "generate_s": round(gen.seconds, 1)}
    results.update(measure(facts, args.queries))
    print(f"search over {args.docs} documents ({connection.vendor}): {results['all']}")
    return results


def measure(facts: dict, queries: int) -> dict:
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from docstore.models import Dossier

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="bench_clerk"))
    rng = random.Random(3)
    dossier_pk = Dossier.objects.order_by("?").values_list("pk", flat=True).first()
    kinds = {
        "unit": lambda: facts["units"][rng.randrange(len(facts["units"]))],
        "customer": lambda: facts["customers"][rng.randrange(len(facts["customers"]))],
        "contract_no": lambda: facts["contracts"][rng.randrange(len(facts["contracts"]))],
        "id_number": lambda: facts["ids"][rng.randrange(len(facts["ids"]))],
        "phrase_4": lambda: rng.choice(
            ["按揭贷款", "逾期交付", "抵押登记", "网上备案", "补充协议", "物业服务"]
        ),
        "word_2": lambda: rng.choice(["合同", "房屋", "贷款", "违约", "银行", "登记"]),
        "mixed": lambda: (
            f"{facts['customers'][rng.randrange(len(facts['customers']))]} {rng.choice(['合同', '贷款'])}"
        ),
        "filtered": lambda: rng.choice(["违约金", "按揭"]),
    }
    results = {}
    per_kind = max(5, queries // len(kinds))
    all_samples = []
    for _kind in kinds:  # warm up: imports, URL resolver, database caches
        client.get(ENDPOINT, {"page_size": 20, **({"q": "合同"} if "search" in ENDPOINT else {})})
    for kind, make in kinds.items():
        samples, hits = [], []
        for _ in range(per_kind):
            params = {"q": make(), "page_size": 20}
            if kind == "filtered":
                params.update({"doc_type": "sales_contract", "dossier": dossier_pk})
            start = time.perf_counter()
            response = client.get(ENDPOINT, params)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.content[:300]
            hits.append(response.json()["count"])
        results[kind] = {**summary_ms(samples), "median_hits": sorted(hits)[len(hits) // 2]}
        all_samples += samples
        print(f"  {kind:12} {results[kind]}", flush=True)
    results["all"] = summary_ms(all_samples)
    results["target_p95_ms"] = 50
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
