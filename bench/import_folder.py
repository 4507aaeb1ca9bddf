"""Bulk import rate: `manage.py import_folder` over a generated tree project/building-unit/files (PDF and
PNG), then the re-run that must skip everything (already stored).

Usage: python -m bench.import_folder [--files 1000]
"""

import argparse
import io
import random
from pathlib import Path

from bench.common import Timer, setup_django


def make_tree(root: Path, count: int) -> None:
    from demo.content import CONTRACT_CLAUSES, make_pdf, make_png

    rng = random.Random(11)
    for i in range(count):
        folder = root / "锦绣花园" / f"{1 + i // 40 % 30}-{i // 4 % 10 + 1:02}{i // 1200 + 1:02}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 5 == 4:
            (folder / f"户型图{i}.png").write_bytes(make_png(width=600 + i % 997, height=400))
        else:
            (folder / f"商品房买卖合同{i}.pdf").write_bytes(
                make_pdf(
                    f"合同 {i}",
                    [f"合同编号 HT-{i:06}", *rng.sample(CONTRACT_CLAUSES, 4)],
                    pages=rng.randint(1, 4),
                )
            )


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args(argv)
    work = setup_django(tasks="dummy")
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    user = get_user_model().objects.create_user("bench_clerk", password="x")
    user.groups.set(Group.objects.filter(name="clerk"))
    root = work / "import"
    make_tree(root, args.files)
    out = io.StringIO()
    with Timer() as first:
        call_command("import_folder", str(root), "--as", "bench_clerk", "--no-progress", stdout=out)
    with Timer() as again:
        call_command("import_folder", str(root), "--as", "bench_clerk", "--no-progress", stdout=out)
    print(out.getvalue().strip())
    results = {
        "files": args.files,
        "import_files_per_s": round(args.files / first.seconds, 1),
        "rerun_files_per_s": round(args.files / again.seconds, 1),
        "note": "text/previews run later in the worker (not timed here)",
    }
    print(
        f"import: {results['import_files_per_s']} files/s, re-run (all skipped) {results['rerun_files_per_s']} files/s"
    )
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
