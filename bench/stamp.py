"""Benchmark: stamp a 200-page PDF with one seal, a cross-page seal and the PAdES signature.

    python -m bench.stamp [--pages 200] [--runs 5] [--engine-only]

Two legs: the engine alone (pypdf stamping + pyHanko signing + verification, in memory), and the whole use case
`seals.services.stamp_item` on an approved request in a throwaway database (read and hash the approved bytes,
stamp, sign, add the version, register row, audit). Prints and returns the numbers (seconds).
Target: stamp + cross-page + signature <= 1 s for 200 pages.
"""

import argparse
import io
import os
import statistics
import tempfile
import time

TARGET_S = 1.0


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engine-only", action="store_true", help="skip the database leg")
    args = parser.parse_args(argv or [])
    previous = os.environ.get("SEAL_SIGNING_DIR")
    with tempfile.TemporaryDirectory() as signing_dir:
        os.environ["SEAL_SIGNING_DIR"] = signing_dir  # a throw-away certificate, not the installation's
        try:
            from bench.common import setup_django

            setup_django()
            result = _engine(args)
            if not args.engine_only:
                result.update(_service(args))
        finally:
            if previous is None:
                os.environ.pop("SEAL_SIGNING_DIR", None)
            else:
                os.environ["SEAL_SIGNING_DIR"] = previous
    result["target_s"] = TARGET_S
    result["ok"] = result["total_s_max"] <= TARGET_S and result.get("service_s_max", 0) <= TARGET_S
    for key, value in result.items():
        print(f"stamp.{key}: {value}")
    return result


def _seal_png() -> bytes:
    from seals.engine import images

    return images.clean_impression(images.draw_seal("锦绣置业有限公司", "合同专用章"))


def _engine(args) -> dict:
    from demo.content import CONTRACT_CLAUSES, make_pdf
    from seals.engine import images, signing
    from seals.engine.stamp import stamp_pdf

    pdf = make_pdf("借款合同", CONTRACT_CLAUSES, pages=args.pages)
    seal = _seal_png()
    signing.identity()  # certificate creation is a one-off, not part of a stamping
    stamp_times, sign_times, total_times, verify_times = [], [], [], []
    signed = b""
    for _ in range(args.runs):
        images.pdf_parts.cache_clear()  # count the image preparation every time
        start = time.perf_counter()
        stamped, made = stamp_pdf(
            pdf, seal, size_mm=40, placements=[{"preset": "last_page_signature"}], cross_page=True
        )
        middle = time.perf_counter()
        signed = signing.sign(stamped, reason="用章申请 #0/0 bench")
        end = time.perf_counter()
        verdict = signing.verify(signed)
        verified = time.perf_counter()
        assert made == 2 and verdict.intact, "bench output did not verify"
        stamp_times.append(middle - start)
        sign_times.append(end - middle)
        total_times.append(end - start)
        verify_times.append(verified - end)
    return {
        "pages": args.pages,
        "runs": args.runs,
        "input_bytes": len(pdf),
        "output_bytes": len(signed),
        "stamp_s_median": round(statistics.median(stamp_times), 4),
        "sign_s_median": round(statistics.median(sign_times), 4),
        "total_s_median": round(statistics.median(total_times), 4),
        "total_s_max": round(max(total_times), 4),
        "verify_s_median": round(statistics.median(verify_times), 4),
    }


def _service(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from demo.content import CONTRACT_CLAUSES, make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents, dossiers
    from seals import services

    def user(name, role):
        made = get_user_model().objects.create_user(f"bench_{name}", password="x", display_name=name)
        made.groups.set(Group.objects.filter(name=role))
        return made

    clerk, field, manager = user("clerk", "clerk"), user("field", "field_staff"), user("manager", "manager")
    dossier = dossiers.create_dossier(clerk, project="基准", building="1", unit="0101")
    document = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("借款合同", CONTRACT_CLAUSES, pages=args.pages)),
        filename="loan.pdf",
        title="借款合同",
        doc_type=DocumentType.objects.get(code="loan_contract"),
        dossier=dossier,
    )
    version = document.current_version
    seal = services.register_seal(
        manager, name="合同专用章", kind="contract", company="锦绣置业", custodian=clerk, image=_seal_png()
    )
    seal = services.change_seal_status(manager, seal, to_status="active")
    times = []
    for _ in range(args.runs):
        item = {
            "version": version,
            "seal": seal,
            "impressions": 2,
            "mode": "electronic",
            "cross_page": True,
            "placements": [{"preset": "last_page_signature"}],
        }
        req = services.create_request(field, purpose="基准", recipient="bank", items=[item])
        req = services.approve_request(manager, services.submit_request(field, req))
        start = time.perf_counter()
        services.stamp_item(field, req.items.get())
        times.append(time.perf_counter() - start)
    return {
        "service_s_median": round(statistics.median(times), 4),
        "service_s_max": round(max(times), 4),
    }


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
