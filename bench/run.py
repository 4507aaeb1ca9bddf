#!/usr/bin/env python
"""`make bench`: every benchmark in bench/, each in its own process and throwaway database.

Usage: bench/run.py [NAME ...] [--quick]   (names: the modules in BENCHES; --quick uses small sizes)
Results are printed and written to bench/out/results.json.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name -> (module, full-size args, quick args)
BENCHES = {
    "upload": ("bench.upload", [], ["--docs", "100", "--downloads", "50"]),
    "search": ("bench.search", [], ["--docs", "5000"]),
    "doclist": ("bench.doclist", [], ["--docs", "5000"]),
    "previews": ("bench.previews", [], ["--pages", "50"]),
    "import": ("bench.import_folder", [], ["--files", "100"]),
    "stamp": ("bench.stamp", [], []),
    "archive_index": ("bench.archive_index", [], ["--records", "20000"]),
}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("--")] or list(BENCHES)
    results = {}
    for name in names:
        module, full, small = BENCHES[name]
        if not (ROOT / (module.replace(".", "/") + ".py")).exists():
            print(f"--- {name}: not present, skipped")
            continue
        print(f"--- {name}", flush=True)
        code = (
            "import json,sys; from importlib import import_module; "
            f"r = import_module({module!r}).main(sys.argv[1:]); print('RESULT ' + json.dumps(r, default=str))"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, *(small if quick else full)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        sys.stdout.write(
            "".join(line + "\n" for line in proc.stdout.splitlines() if not line.startswith("RESULT "))
        )
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            results[name] = {"error": proc.returncode}
            continue
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                results[name] = json.loads(line[7:])
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"results written to {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
