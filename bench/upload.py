"""Upload throughput and download latency, next to a raw baseline measured in the same run.

Upload: N generated mixed PDFs (1-12 pages, some with a scanned-looking image) through
docstore.services.documents.create_document, against sha256 + copy of the same files. Download: p50/p95 of a 1 MB
version through the API (auth, audit row, streaming with fixity check) against open + read + sha256.
"""

import argparse
import hashlib
import io
import os
import random
import shutil
import time
from pathlib import Path

from bench.common import Timer, peak_rss_mb, setup_django, summary_ms


def _scan_pdf(seed: int, kilobytes: int) -> bytes:
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


def generate(folder: Path, count: int) -> list[Path]:
    from demo.content import CONTRACT_CLAUSES, make_pdf

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    paths = []
    for i in range(count):
        if i % 10 == 0:
            data = _scan_pdf(i, rng.choice([200, 500, 1000]))
        else:
            data = make_pdf(
                f"商品房买卖合同 {i}",
                [f"合同编号 HT-2026-{i:05}", *CONTRACT_CLAUSES],
                pages=rng.randint(1, 12),
            )
        path = folder / f"doc-{i:05}.pdf"
        path.write_bytes(data)
        paths.append(path)
    return paths


def raw_baseline(paths: list[Path], target: Path) -> float:
    target.mkdir(parents=True, exist_ok=True)
    with Timer() as t:
        for path in paths:
            digest = hashlib.sha256()
            with open(path, "rb") as src, open(target / path.name, "wb") as dst:
                while chunk := src.read(1024 * 1024):
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
    return t.seconds


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench upload")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--downloads", type=int, default=200)
    parser.add_argument("--db", default=None, help="DATABASE_URL (default: fresh SQLite)")
    args = parser.parse_args(argv)
    work = setup_django(args.db)

    from django.test import Client

    from accounts.models import User
    from docstore.models import DocumentType
    from docstore.services import documents

    paths = generate(work / "input", args.docs)
    total_bytes = sum(p.stat().st_size for p in paths)
    raw_seconds = raw_baseline(paths, work / "raw-copy")

    user = User.objects.create_user("bench", password="x")
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.filter(name__in=["clerk", "manager"]))
    doc_type = DocumentType.objects.get(code="sales_contract")
    with Timer() as t:
        for path in paths:
            with open(path, "rb") as stream:
                documents.create_document(
                    user, file=stream, filename=path.name, title=path.stem, doc_type=doc_type
                )
    app_seconds = t.seconds

    # Download latency of a 1 MB version.
    one_mb = _scan_pdf(7, 1000)
    with io.BytesIO(one_mb) as stream:
        document = documents.create_document(
            user, file=stream, filename="1mb.pdf", title="1MB", doc_type=doc_type
        )
    version = document.current_version
    client = Client()
    client.force_login(user)
    url = f"/api/v1/versions/{version.pk}/content"
    app_samples, raw_samples = [], []
    from storage.registry import get_store

    blob_path = get_store().path_for(version.sha256)
    for _ in range(args.downloads):
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        app_samples.append(time.perf_counter() - start)
        assert len(body) == version.size
        start = time.perf_counter()
        with open(blob_path, "rb") as f:
            hashlib.sha256(f.read()).hexdigest()
        raw_samples.append(time.perf_counter() - start)

    mb = total_bytes / 1024 / 1024
    result = {
        "documents": args.docs,
        "total_mb": round(mb, 1),
        "upload_app_mb_s": round(mb / app_seconds, 1),
        "upload_app_docs_s": round(args.docs / app_seconds, 1),
        "upload_raw_mb_s": round(mb / raw_seconds, 1),
        "upload_raw_docs_s": round(args.docs / raw_seconds, 1),
        "download_1mb_app": summary_ms(app_samples),
        "download_1mb_raw": summary_ms(raw_samples),
        "peak_rss_mb": peak_rss_mb(),
        "version_size_bytes": version.size,
    }
    print(
        f"upload  app: {result['upload_app_mb_s']} MB/s, {result['upload_app_docs_s']} docs/s ({mb:.1f} MB)"
    )
    print(
        f"upload  raw: {result['upload_raw_mb_s']} MB/s, {result['upload_raw_docs_s']} docs/s (sha256 + copy)"
    )
    print(
        f"download 1MB app: p50 {result['download_1mb_app']['p50_ms']} ms, p95 {result['download_1mb_app']['p95_ms']} ms"
    )
    print(
        f"download 1MB raw: p50 {result['download_1mb_raw']['p50_ms']} ms, p95 {result['download_1mb_raw']['p95_ms']} ms"
    )
    print(f"peak RSS: {result['peak_rss_mb']} MB")
    shutil.rmtree(work, ignore_errors=True)
    return result


if __name__ == "__main__":
    main()
