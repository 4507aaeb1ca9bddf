"""OCR engines side by side, on a generated corpus with ground truth (bench.ocr_corpus): 50 scanned pages of
Chinese contract text (skew 0-3 degrees, blur, noise, JPEG, 150-300 dpi) and 10 phone-like photos (perspective,
uneven light).

Per engine (each in its own process, one thread as a worker runs it): bigram recall and precision against the
true text, the exact-match rate of ID and unit numbers, pages/s, peak RSS. Then, with the default engine's
text indexed as documents, whether search finds every ID and unit number of the scan set. Last, the
ingest-to-searchable time of a 20-page scanned PDF through HTTP with the production app and its real workers:
from the upload's answer to the first search hit (a unit number of page 1), and to the last page's.

Usage: python -m bench.ocr [--pages 50] [--photos 10] [--pdf-pages 20] [--engines rapidocr,tesseract]
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from bench.common import load_average, setup_django

ROOT = Path(__file__).resolve().parent.parent
TARGET_RECALL = 0.97


def plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def bigram_scores(truth: str, found: str) -> tuple[int, int, int]:
    """(matched, true, found) bigram counts of the whitespace-free texts."""
    t, f = plain(truth), plain(found)
    true = Counter(t[i : i + 2] for i in range(len(t) - 1))
    got = Counter(f[i : i + 2] for i in range(len(f) - 1))
    return sum((true & got).values()), sum(true.values()), sum(got.values())


def measure(engine_name: str, folder: str) -> dict:
    """In its own process: read every page of the corpus in `folder` with one engine."""
    import resource

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_bench")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    import django

    django.setup()
    from PIL import Image

    from docstore import ocr
    from docstore.ocr.engines import get_engine

    engine = get_engine(engine_name)
    truth = json.loads((Path(folder) / "truth.json").read_text())
    out = {"engine": engine_name, "sets": {}, "texts": {}}
    for set_name, pages in truth.items():
        matched = true = found = ids = ids_hit = units = units_hit = 0
        started = time.perf_counter()
        for item in pages:
            image = ocr.fit_image(Image.open(Path(folder) / item["file"]))  # as the worker scales it
            reading = engine.read(image)
            _lines, text = ocr.record(reading, image.width, image.height)
            m, t, f = bigram_scores(item["text"], text)
            matched, true, found = matched + m, true + t, found + f
            flat = plain(text)
            ids, ids_hit = ids + len(item["ids"]), ids_hit + sum(i in flat for i in item["ids"])
            units, units_hit = units + len(item["units"]), units_hit + sum(u in flat for u in item["units"])
            out["texts"][item["file"]] = text
        seconds = time.perf_counter() - started
        out["sets"][set_name] = {
            "pages": len(pages),
            "bigram_recall": round(matched / max(true, 1), 4),
            "bigram_precision": round(matched / max(found, 1), 4),
            "id_exact": round(ids_hit / max(ids, 1), 4),
            "unit_exact": round(units_hit / max(units, 1), 4),
            "pages_per_s": round(len(pages) / seconds, 3),
        }
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # tesseract runs as a process
    out["peak_rss_mb"] = round(max(usage, children) / 1024, 1)
    return out


def _run_engine(name: str, folder: Path) -> dict:
    code = f"import json; from bench.ocr import measure; print('RESULT ' + json.dumps(measure({name!r}, {str(folder)!r})))"
    env = {**os.environ, "DOCSTORE_OCR_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"engine": name, "error": proc.stderr[-2000:]}


def write_corpus(folder: Path, pages: int, photos: int) -> dict:
    from bench import ocr_corpus

    truth = {"scans": [], "photos": []}
    for set_name, items in (("scans", ocr_corpus.scan_set(pages)), ("photos", ocr_corpus.photo_set(photos))):
        for index, (page, data, dpi) in enumerate(items, 1):
            name = f"{set_name}-{index:03d}.jpg"
            (folder / name).write_bytes(data)
            truth[set_name].append(
                {"file": name, "text": page.text, "ids": page.ids, "units": page.units, "dpi": dpi}
            )
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False))
    return truth


def searched(truth: dict, texts: dict) -> dict:
    """Index each scan page's recognised text as a document; search every ID and unit number."""
    from accounts.models import User
    from docstore import search
    from docstore.models import Document, DocumentType

    user = User.objects.create_user(username="bench_ocr", password="x-" * 8)
    doc_type = DocumentType.objects.get(code="other")
    wanted, found = 0, 0
    for item in truth["scans"]:
        document = Document.objects.create(title=item["file"], doc_type=doc_type, created_by=user)
        search.index_document(document, texts.get(item["file"], ""))
        for term in item["ids"] + item["units"]:
            wanted += 1
            found += document.pk in [pk for pk, _ in search.ranked_ids(search.parse(term))]
    return {"terms": wanted, "found": found}


def scanned_pdf(items: list[tuple]) -> bytes:
    """A PDF whose pages are the scans' JPEG bytes only (no text layer), at their resolution."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for _page, data, dpi in items:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        canvas.setPageSize((width * 72 / dpi, height * 72 / dpi))
        canvas.drawImage(reader, 0, 0, width * 72 / dpi, height * 72 / dpi)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def ingest(work: Path, pdf_pages: int) -> dict:
    """Upload a scanned PDF through HTTP to the production app with its workers; seconds to the first and to
    the last page's search hit."""
    from bench import ocr_corpus
    from bench.server import App, Client, make_users, multipart

    items = ocr_corpus.scan_set(pdf_pages, seed=77)
    data = scanned_pdf(items)
    db_url = f"sqlite:///{work / 'db.sqlite3'}"
    from django.db import connection

    headers = make_users()["clerk"]["api"]
    connection.close()
    first, last = items[0][0].units[0], items[-1][0].units[0]
    result = {"pages": pdf_pages, "pdf_kb": round(len(data) / 1024), "load_before": load_average()}
    with App(work, db_url) as app:
        client = Client(app.port, headers)
        time.sleep(5)  # the workers have started
        body, content_type = multipart({"doc_type": "other"}, {"file": ("scan.pdf", data)})
        status, answer = client.request("POST", "/api/v1/documents/", body, {"Content-Type": content_type})
        assert status == 201, answer[:300]
        uploaded, document_id = time.perf_counter(), json.loads(answer)["id"]
        for key, term in (("first_hit_s", first), ("last_page_s", last)):
            while time.perf_counter() - uploaded < 1800:
                _status, found = client.request("GET", f"/api/v1/search?q={term}")
                if document_id in [r["document"]["id"] for r in json.loads(found)["results"]]:
                    result[key] = round(time.perf_counter() - uploaded, 1)
                    break
                time.sleep(0.25)
    result["load_after"] = load_average()
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench ocr")
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--pdf-pages", type=int, default=20)
    parser.add_argument("--engines", default="rapidocr,tesseract")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    truth = write_corpus(folder, args.pages, args.photos)
    result = {"corpus": {"scans": args.pages, "photos": args.photos}, "cpus": os.cpu_count(), "engines": {}}
    result["load_before"] = load_average()
    texts = {}
    for name in args.engines.split(","):
        measured = _run_engine(name, folder)
        texts[name] = measured.pop("texts", {})
        result["engines"][name] = measured
        print(f"{name}: {json.dumps(measured, ensure_ascii=False)}", flush=True)
    result["load_after_engines"] = load_average()
    default = args.engines.split(",")[0]
    work = setup_django(None, tasks="database")
    result["search"] = searched(truth, texts[default])
    print(f"search ({default}): {result['search']}", flush=True)
    result["ingest"] = ingest(work, args.pdf_pages)
    shutil.rmtree(work, ignore_errors=True)
    print(f"ingest: {result['ingest']}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    scans = result["engines"][default].get("sets", {}).get("scans", {})
    result["targets"] = [
        {
            "name": f"{default} bigram recall on the scans",
            "value": scans.get("bigram_recall"),
            "min": TARGET_RECALL,
        },
        {
            "name": "ID and unit numbers of the scans not found by search",
            "value": result["search"]["terms"] - result["search"]["found"],
            "max": 0,
        },
    ]
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False, default=str))
