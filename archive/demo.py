"""Demo data for the archive, called by `load_demo` as load(demo) (see seals/demo.py for the `demo` object).

Only the demo's own documents are filed, boxed, registered as originals and sent out: archival codes are
permanent, so a real user's document must never be filed by a demo run. Running it twice changes nothing.
"""

import datetime

from django.utils import timezone

from archive import services
from archive.models import ArchiveRecord, Filing, Letter, Location, Movement, Original


def _location(demo, key, kind, name, parent=None, **box):
    found = demo.get(key, Location)
    if found is None:
        found = services.create_location(demo.users["clerk"], kind=kind, name=name, parent=parent, **box)
        demo.keep(key, found)
    return found


def _boxes(demo, year) -> dict:
    # A root name is unique: when someone has a room of that name already, the demo's room says it is a demo.
    taken = Location.objects.filter(parent=None, name="一号档案库房").exists()
    room = _location(
        demo, "archive.location:room", "room", "［演示］一号档案库房" if taken else "一号档案库房"
    )
    cabinet = _location(demo, "archive.location:cabinet", "cabinet", "A 柜", room)
    shelf = _location(demo, "archive.location:shelf", "shelf", "第 1 层", cabinet)
    return {
        code: _location(
            demo, f"archive.location:box:{year}:{code}", "box", name, shelf, year=year, retention=code
        )
        for code, name in (("D30", f"{year}-D30-合同-01"), ("D10", f"{year}-D10-文书-01"))
    }


def _file(demo, year, boxes) -> int:
    from docstore.models import Document

    clerk = demo.users["clerk"]
    documents = (
        demo.made(Document)
        .filter(archive_record__isnull=True, current_version__isnull=False)
        .exclude(doc_type__code="contract_template")
        .select_related("doc_type", "current_version")
        .order_by("id")
    )
    by_retention = {box.retention_id: box for box in boxes.values()}
    filed = 0
    for document in documents:
        record = services.file_document(clerk, document, year=year, responsible="本公司")
        box = by_retention.get(record.retention_id)
        if box is not None:
            services.place_in_box(clerk, record, box)
        filed += 1
    return filed


def _originals(demo, box) -> None:
    """Originals of the demo contracts: one overdue with field staff, one at the bank, one that went out and
    came back, and the housing authority's copy on an accepted online filing."""
    from docstore.models import Document

    clerk, field = demo.users["clerk"], demo.users["field"]
    contracts = list(demo.made(Document).filter(doc_type__code="sales_contract").order_by("id"))
    mortgages = list(demo.made(Document).filter(doc_type__code="mortgage_contract").order_by("id"))
    originals = []
    for document, kinds in [(c, ("developer", "customer", "housing_authority")) for c in contracts] + [
        (m, ("bank",)) for m in mortgages
    ]:
        for kind in kinds:
            original = services.register_original(clerk, document, kind=kind, home=box)
            originals.append(demo.keep(f"archive.original:{document.pk}:{kind}", original))
    if len(originals) < 4:
        return
    late = services.check_out_original(
        clerk, originals[0], party_type="colleague", holder=field, purpose="送银行核对"
    )
    Movement.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        created_at=timezone.now() - datetime.timedelta(days=10),
    )
    services.check_out_original(
        clerk, originals[-1], party_type="bank", holder_name="中国建设银行城南支行", purpose="放款审核"
    )
    services.check_out_original(
        clerk, originals[3], party_type="notary", holder_name="市公证处", purpose="公证"
    )
    services.return_original(clerk, originals[3], pages_complete=True, remarks="完好")
    if len(contracts) > 1:
        filing = services.submit_filing(
            clerk, contracts[1], kind="online_filing", original=originals[5], note="网上备案"
        )
        services.accept_filing(field, filing, filing_number=f"BA{timezone.localdate().year}-000816")
        demo.keep("archive.filing:accepted", filing)


def _letters(demo) -> None:
    clerk, manager = demo.users["clerk"], demo.users["manager"]
    today = timezone.localdate()
    incoming = services.register_letter(
        manager,
        direction="in",
        date=today - datetime.timedelta(days=12),
        counterparty="市住房和城乡建设局",
        subject="关于补正商品房买卖合同备案材料的通知",
        summary="3-1502 备案材料缺少共有人身份证复印件。",
        reply_due=today - datetime.timedelta(days=2),
    )
    demo.keep("archive.letter:authority-in", incoming)
    bank = services.register_letter(
        manager,
        direction="in",
        date=today - datetime.timedelta(days=10),
        counterparty="中国建设银行城南支行",
        subject="关于 5-0801 放款资料的联络函",
        reply_due=today - datetime.timedelta(days=1),
    )
    demo.keep("archive.letter:bank-in", bank)
    reply = services.register_letter(
        clerk,
        direction="out",
        date=today - datetime.timedelta(days=1),
        counterparty="市住房和城乡建设局",
        subject="关于 3-1502 备案材料补正的复函",
        replies_to=incoming,
    )
    demo.keep("archive.letter:authority-out", reply)


def load(demo) -> None:
    from docstore.models import Document

    year = timezone.localdate().year
    boxes = _boxes(demo, year)
    filed = _file(demo, year, boxes)
    if not demo.made(Original).exists():
        _originals(demo, boxes["D30"])
    if not demo.made(Filing).exists():
        contract = demo.made(Document).filter(doc_type__code="sales_contract").order_by("id").first()
        if contract is not None:
            filing = services.submit_filing(demo.users["clerk"], contract, kind="online_filing")
            demo.keep("archive.filing:pending", filing)
    if not demo.made(Letter).exists():
        _letters(demo)
    records = ArchiveRecord.objects.filter(document__in=demo.made(Document))
    demo.stdout.write(
        f"archive demo ready ({filed} newly filed; {records.count()} demo records, "
        f"{demo.made(Original).count()} originals, {demo.made(Letter).count()} letters)"
    )
