"""Bytes per page image, before and after (issue 12): the same corpus's pages, rendered at the preview width as
docstore.derive renders them, encoded as PNG (level 1: what previews were), WebP q75 (the default now) and
JPEG q80; mean KB per page and encoding ms per page, for text pages and for scanned pages apart.

Usage: python -m bench.preview_storage [--text-pages 20] [--scans 10]
"""

import argparse
import io
import json
import sys
import time

from bench.common import load_average, setup_django


def corpus(text_pages: int, scans: int) -> dict:
    import pypdfium2 as pdfium
    from PIL import Image

    from bench import ocr_corpus
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore import derive

    pages = {"text": [], "scan": []}
    pdf = pdfium.PdfDocument(make_pdf("商品房买卖合同", CONTRACT_CLAUSES, pages=text_pages))
    for index in range(len(pdf)):
        page = pdf[index]
        pages["text"].append(page.render(scale=derive.fit_scale(*page.get_size())).to_pil().convert("RGB"))
    for _page, data, _dpi in ocr_corpus.scan_set(scans, seed=5):
        pages["scan"].append(derive._fitted(Image.open(io.BytesIO(data))))
    return pages


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench preview_storage")
    parser.add_argument("--text-pages", type=int, default=20)
    parser.add_argument("--scans", type=int, default=10)
    args = parser.parse_args(argv)
    setup_django(None, tasks="dummy")
    from docstore import derive

    pages = corpus(args.text_pages, args.scans)
    result = {
        "text_pages": args.text_pages,
        "scans": args.scans,
        "load_before": load_average(),
        "formats": {},
    }
    for name, (kind, options) in derive.ENCODINGS.items():
        row = {}
        for set_name, images in pages.items():
            sizes, started = [], time.perf_counter()
            for image in images:
                buffer = io.BytesIO()
                image.save(buffer, kind, **options)
                sizes.append(len(buffer.getvalue()))
            row[set_name] = {
                "kb_per_page": round(sum(sizes) / len(sizes) / 1024, 1),
                "encode_ms_per_page": round((time.perf_counter() - started) * 1000 / len(images), 1),
            }
        result["formats"][name] = row
        print(f"{name}: {row}", flush=True)
    result["load_after"] = load_average()
    png, webp = result["formats"]["png"], result["formats"]["webp"]
    result["targets"] = [
        {
            "name": "WebP bytes / PNG bytes, text pages",
            "value": round(webp["text"]["kb_per_page"] / png["text"]["kb_per_page"], 3),
            "max": 0.5,
        }
    ]
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False))
