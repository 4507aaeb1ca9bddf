"""Full-text search over N generated documents (bench.corpus: a large vocabulary, names, unit, contract and ID
numbers, lengths from a short letter to a long contract): p50/p95 of GET /api/v1/search through the API (auth,
filters, ranking, snippets, the count), per kind of query.

The queries: one character (frequent, middling, rare), two characters (the department's words and words from
the vocabulary's long tail), phrases of 4 and 8 characters copied from documents, several words, unit,
customer, contract and ID numbers, terms in no document (absent characters, words and numbers), filtered
searches; and, reported apart, the full ranking of a broad word over every match (no window). Each row gives
the median number of matching documents as the API counted it (`total`), and says whether that count was
exact: nothing is capped silently.

Usage: python -m bench.search [--docs 100000] [--db pg|postgres://...] [--queries 300] [--fresh]
The generated documents are kept (var/bench/) and reused by the next run of the same size; --fresh makes
them again. Generating 100,000 takes about 10 minutes on 2 idle cores (56,000 took 38 minutes at load 11-17),
1,000,000 about 2 hours (see README).
"""

import argparse
import random

from bench.common import Samples, load_average, setup_django

ENDPOINT = "/api/v1/search"
TARGET_P95_MS = 50


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--db", default=None, help="pg (a throwaway cluster) or a DATABASE_URL; default SQLite"
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--fresh", action="store_true", help="generate the documents again")
    args = parser.parse_args(argv)
    from bench import pg
    from bench.docstore_data import database_for, load_or_generate

    with pg.database(args.db, "docstore") as db_url:
        setup_django(database_for(args.docs, db_url, fresh=args.fresh))
        from django.db import connection

        print(f"{args.docs} documents on {connection.vendor} (load {load_average()})", flush=True)
        facts = load_or_generate(args.docs)
        results = {"docs": args.docs, "database": connection.vendor, "generate_s": facts["seconds"]}
        results.update(measure(facts, args.queries))
        results["load_average"] = load_average()
        connection.close()
    print(
        f"search over {args.docs} documents ({results['database']}): {results['all']} (load {results['load_average']})"
    )
    return results


def query_kinds(facts: dict, rng: random.Random) -> dict:
    from bench import corpus

    text = facts["vocabulary"]
    chars, words = text.characters, text.words
    two_char_tail = [w for w in words[200:20_000] if len(w) == 2]
    pick = rng.choice
    return {
        "one_char_房": lambda: "房",
        "one_char_frequent": lambda: pick(chars[:40]),
        "one_char_middling": lambda: pick(chars[300:800]),
        "one_char_rare": lambda: pick(chars[3000:]),
        "two_char_domain": lambda: pick([w for w in corpus.DOMAIN if len(w) == 2]),
        "two_char_tail": lambda: pick(two_char_tail),
        "phrase_4": lambda: pick(facts["phrases_4"]),
        "phrase_8": lambda: pick(facts["phrases_8"]),
        "several_words": lambda: f"{pick(corpus.DOMAIN)} {pick(words[:2000])} {pick(corpus.DOMAIN)}",
        "unit": lambda: pick(facts["units"]),
        "customer": lambda: pick(facts["customers"]),
        "contract_no": lambda: pick(facts["contracts"]),
        "id_number": lambda: pick(facts["ids"]),
        "customer_and_word": lambda: f"{pick(facts['customers'])} {pick(['合同', '贷款', '房屋'])}",
        "absent_char": lambda: pick(corpus.ABSENT_CHARACTERS),
        "absent_word": lambda: "".join(rng.sample(corpus.ABSENT_CHARACTERS, 2)),
        "absent_number": lambda: f"HT-1999-{rng.randint(0, 999999):06}",
        "filtered": lambda: pick(["违约", "房", "按揭", "合同"]),
    }


def measure(facts: dict, queries: int) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from docstore.models import Dossier

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="bench_clerk"))
    rng = random.Random(3)
    dossier_pk = Dossier.objects.order_by("?").values_list("pk", flat=True).first()
    kinds = query_kinds(facts, rng)
    per_kind = max(5, queries // len(kinds))
    for _ in range(5):  # warm up: imports, URL resolver, database caches
        client.get(ENDPOINT, {"q": "合同", "page_size": 20})
    results, everything = {}, Samples()
    for kind, make in kinds.items():
        samples, totals, exact = Samples(), [], True
        for _ in range(per_kind):
            params = {"q": make(), "page_size": 20}
            if kind == "filtered":
                params.update({"doc_type": "sales_contract", "dossier": dossier_pk})
            response = samples.time(client.get, ENDPOINT, params)
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            totals.append(body["total"])
            exact = exact and body.get("total_exact", False)
            if kind.startswith("absent"):
                assert body["total"] == 0, (params, body["total"])
        results[kind] = {
            **samples.summary(),
            "median_total": sorted(totals)[len(totals) // 2],
            "max_total": max(totals),
            "total": "exact" if exact else "estimate",
        }
        everything.wall += samples.wall
        everything.cpu += samples.cpu
        print(f"  {kind:20} {results[kind]}", flush=True)
    results["all"] = everything.summary()
    # The full ranking of a broad word over every match, for comparison (the API ranks the newest window).
    window = getattr(settings, "DOCSTORE_SEARCH_WINDOW", None)
    settings.DOCSTORE_SEARCH_WINDOW = 10**9
    samples, totals = Samples(), []
    try:
        for q in ["合同", "房", "贷款", "银行", "的"]:
            body = samples.time(client.get, ENDPOINT, {"q": q, "page_size": 20}).json()
            totals.append(body["total"])
    finally:
        if window is None:
            del settings.DOCSTORE_SEARCH_WINDOW
        else:
            settings.DOCSTORE_SEARCH_WINDOW = window
    results["full_ranking_no_window"] = {
        **samples.summary(),
        "median_total": sorted(totals)[len(totals) // 2],
    }
    print(f"  {'full ranking (apart)':20} {results['full_ranking_no_window']}", flush=True)
    results["target_p95_ms"] = TARGET_P95_MS
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
