#!/usr/bin/env python
"""`make bench`: every benchmark in bench/, each in its own process and throwaway database.

Usage: bench/run.py [NAME ...] [--quick] [-- ARGS...]
  names: the keys of BENCHES (default: all); --quick uses small sizes; ARGS after `--` go to each benchmark
  (e.g. `make bench ARGS="load -- --duration 600"`).
Results are printed and written to bench/out/results.json. Exits non-zero when a benchmark fails or misses a
target its result carries: `ok`, `target_p95_ms` against its p95, or each of its `targets`
({"name", "value", "min"|"max"}).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# name -> (module, full-size args, quick args)
BENCHES = {
    "upload": ("bench.upload", [], ["--docs", "150", "--scans", "8", "--downloads", "20"]),
    "ingest": ("bench.ingest", [], ["--docs", "200", "--idle", "5"]),
    "load": ("bench.load", [], ["--duration", "30", "--docs", "2000"]),
    "load_pg": ("bench.load", ["--db", "pg"], ["--db", "pg", "--duration", "30", "--docs", "2000"]),
    # the web's CPU per request kind of the load mix, in process (no server): where the time goes
    "profile_requests": ("bench.profile_requests", [], ["--docs", "2000", "-n", "10"]),
    "search": ("bench.search", [], ["--docs", "5000"]),
    "search_pg": ("bench.search", ["--db", "pg"], ["--db", "pg", "--docs", "5000"]),
    "doclist": ("bench.doclist", [], ["--docs", "5000"]),
    "doclist_pg": ("bench.doclist", ["--db", "pg"], ["--db", "pg", "--docs", "5000"]),
    "previews": ("bench.previews", [], ["--pages", "50"]),
    "import": ("bench.import_folder", [], ["--files", "100"]),
    "stamp": ("bench.stamp", [], []),
    "archive_index": ("bench.archive_index", [], ["--records", "20000"]),
    "cases": ("bench.cases", [], ["--units", "1000"]),
    "ocr": ("bench.ocr", [], ["--pages", "6", "--photos", "2", "--pdf-pages", "4"]),
    "preview_storage": ("bench.preview_storage", [], ["--text-pages", "5", "--scans", "3"]),
}


def run_one(module: str, args: list[str]) -> dict:
    """One benchmark in its own process: its result, or {"error": exit code} when it failed."""
    code = (
        "import json,sys; from importlib import import_module; "
        f"r = import_module({module!r}).main(sys.argv[1:]); print('RESULT ' + json.dumps(r, default=str))"
    )
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(
        "".join(line + "\n" for line in proc.stdout.splitlines() if not line.startswith("RESULT "))
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        return {"error": proc.returncode}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"error": "no result"}


def missed(result: dict) -> str | None:
    """Why a result fails: an error, or a measure past the target it carries; None when it passes."""
    if not isinstance(result, dict):
        return "returned no result"
    if "error" in result:
        return f"failed ({result['error']})"
    if "ok" in result and not result["ok"]:
        return f"missed its target ({result.get('target_s', '?')} s)"
    for target in result.get("targets", []):
        value = target.get("value")
        if value is None:
            return f"carries a target ({target['name']}) but no value to hold against it"
        if "min" in target and value < target["min"]:
            return f"missed its target: {target['name']} {value} < {target['min']}"
        if "max" in target and value > target["max"]:
            return f"missed its target: {target['name']} {value} > {target['max']}"
    target = result.get("target_p95_ms")
    if target is None:
        return None
    p95 = result.get("worst_filter_p95_ms", (result.get("all") or {}).get("p95_ms"))
    if p95 is None:
        return f"carries a target ({target} ms) but no p95 to hold against it"
    if p95 > target:
        return f"missed its target: p95 {p95} ms > {target} ms"
    return None


def main(argv: list[str]) -> int:
    passed = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    if "--help" in argv or "-h" in argv:
        print(__doc__)
        for name, (module, _full, _quick) in BENCHES.items():
            print(f"  {name:17} {module}")
        return 0
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("--")] or list(BENCHES)
    results, failures = {}, []
    for name in names:
        if name not in BENCHES:
            failures.append(f"{name}: no such benchmark (one of {', '.join(BENCHES)})")
            continue
        module, full, small = BENCHES[name]
        if not (ROOT / (module.replace(".", "/") + ".py")).exists():
            failures.append(f"{name}: {module} is not present")
            continue
        print(f"--- {name}", flush=True)
        results[name] = run_one(module, [*(small if quick else full), *passed])
        why = missed(results[name])
        if why:
            failures.append(f"{name}: {why}")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "results.json"
    try:  # the other benchmarks' last results stay beside these
        merged = json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        merged = {}
    path.write_text(json.dumps({**merged, **results}, indent=2, ensure_ascii=False))
    print(f"results written to {OUT / 'results.json'}")
    for line in failures:
        print(f"FAILED {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
