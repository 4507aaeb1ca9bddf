"""Builds a dossier's whole paper trail through the other apps' services (so the audit trail is real).
Used by the workbench tests and, as set-up data, by the browser tests."""

import datetime
import io
from dataclasses import dataclass
from functools import cache


@cache
def seal_png() -> bytes:
    from seals.engine.images import draw_seal

    return draw_seal("锦绣置业有限公司", "合同专用章", size=300)


def make_active_seal(manager, custodian, name="合同专用章", kind="contract"):
    from seals import services

    seal = services.register_seal(
        manager, name=name, kind=kind, company="锦绣置业有限公司", custodian=custodian, image=seal_png()
    )
    return services.change_seal_status(manager, seal, to_status="active")


@dataclass
class Trail:
    dossier: object
    document: object
    request: object
    stamped: object
    record: object
    original: object
    filing: object
    letter: object


def build_trail(clerk, field, manager, dossier, document, active_seal):
    """Field staff ask for the contract seal with a cross-page seal, the manager approves, field staff stamp,
    the clerk files the stamped contract, checks its original out to the housing authority and back, a filing
    is submitted, and a letter from the bank is registered."""
    from archive import services as archive
    from demo.content import make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents
    from seals import services as seals

    req = seals.create_request(
        field,
        purpose="办理网签备案",
        recipient="housing_authority",
        dossier=dossier,
        items=[
            {
                "version": document.current_version,
                "seal": active_seal,
                "impressions": 2,
                "mode": "electronic",
                "cross_page": True,
                "placements": [{"page": 2, "x": 150, "y": 50}],
            }
        ],
    )
    req = seals.submit_request(field, req)
    req = seals.approve_request(manager, req, comment="同意")
    stamped = seals.stamp_item(field, req.items.get())
    document.refresh_from_db()
    record = archive.file_document(clerk, document, year=2026)
    original = archive.register_original(clerk, document, kind="housing_authority")
    archive.check_out_original(
        clerk, original, party_type="housing_authority", holder_name="市房管局", purpose="网签备案"
    )
    archive.return_original(clerk, original)
    original.refresh_from_db()
    filing = archive.submit_filing(clerk, document, kind="online_filing", filing_number="WQ-2026-0001")
    scan = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("工商银行来函", ["关于按揭放款"], pages=1)),
        filename="letter.pdf",
        title="工商银行来函",
        doc_type=DocumentType.objects.get(code="liaison_letter"),
        dossier=dossier,
    )
    letter = archive.register_letter(
        clerk,
        direction="in",
        date=datetime.date.today(),
        counterparty="工商银行",
        subject="关于 3-1502 按揭放款的函",
        reply_due=datetime.date.today() + datetime.timedelta(days=3),
        document=scan,
    )
    return Trail(dossier, document, req, stamped, record, original, filing, letter)
