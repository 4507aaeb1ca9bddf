"""Preview generation rate: page images (PNG, 1000 px wide) and the thumbnail, from a generated Chinese PDF
of N pages and from scanned-size images, the way the background task makes them.

Usage: python -m bench.previews [--pages 200] [--images 20]
"""

import argparse
import io

from bench.common import Timer, peak_rss_mb, setup_django


def main(argv) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--images", type=int, default=20)
    args = parser.parse_args(argv)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from demo.content import CONTRACT_CLAUSES, make_pdf, make_png
    from docstore import derive
    from docstore.models import DocumentType
    from docstore.services import documents

    user = get_user_model().objects.create_user("bench_clerk", password="x")
    user.groups.set(Group.objects.filter(name="clerk"))
    pdf = make_pdf("商品房买卖合同", CONTRACT_CLAUSES * 3, pages=args.pages)
    document = documents.create_document(
        user,
        file=io.BytesIO(pdf),
        filename="big.pdf",
        title="big",
        doc_type=DocumentType.objects.get(code="other"),
    )
    with Timer() as text:
        derive.make_text(document.current_version)
    with Timer() as pages:
        derivative = derive.make_previews(document.current_version)
    assert derivative.preview_pages == args.pages, derivative.error
    images = []
    for i in range(args.images):
        data = make_png(width=2480, height=3508, color=(i * 10 % 255, 30, 30))  # A4 at 300 dpi
        images.append(
            documents.create_document(
                user,
                file=io.BytesIO(data),
                filename=f"scan{i}.png",
                title=f"scan{i}",
                doc_type=DocumentType.objects.get(code="attachment"),
            )
        )
    with Timer() as scans:
        for doc in images:
            derive.make_previews(doc.current_version)
    results = {
        "pdf_pages": args.pages,
        "pdf_pages_per_s": round(args.pages / pages.seconds, 1),
        "pdf_text_pages_per_s": round(args.pages / text.seconds, 1),
        "images": args.images,
        "images_per_s": round(args.images / scans.seconds, 1) if args.images else None,
        "peak_rss_mb": peak_rss_mb(),
    }
    print(
        f"previews: {results['pdf_pages_per_s']} PDF pages/s, {results['images_per_s']} A4 scans/s, "
        f"text {results['pdf_text_pages_per_s']} pages/s"
    )
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
