"""Demo data for the archive (called by `load_demo`). Idempotent: running it twice changes nothing."""

import datetime

from django.utils import timezone

from archive import services
from archive.models import ArchiveRecord, Filing, Letter, Location, Movement, Original, RetentionPeriod


def _location(users, kind, name, parent=None, **box):
    found = Location.objects.filter(kind=kind, name=name, parent=parent).first()
    return found or services.create_location(users["clerk"], kind=kind, name=name, parent=parent, **box)


def load(users, stdout) -> None:
    from docstore.models import Document

    clerk, field, manager = users["clerk"], users["field"], users["manager"]
    year = timezone.localdate().year
    room = _location(users, "room", "一号档案库房")
    cabinet = _location(users, "cabinet", "A 柜", room)
    shelf = _location(users, "shelf", "第 1 层", cabinet)
    box_contracts = _location(users, "box", f"{year}-D30-合同-01", shelf, year=year, retention="D30")
    box_general = _location(users, "box", f"{year}-D10-文书-01", shelf, year=year, retention="D10")
    boxes = {box_contracts.retention_id: box_contracts, box_general.retention_id: box_general}

    filed = 0
    documents = (
        Document.objects.filter(archive_record__isnull=True, current_version__isnull=False)
        .exclude(doc_type__code="contract_template")
        .select_related("doc_type", "current_version")
        .order_by("id")
    )
    for document in documents:
        record = services.file_document(clerk, document, year=year, responsible="本公司")
        box = boxes.get(record.retention_id)
        if box is not None:
            services.place_in_box(clerk, record, box)
        filed += 1

    if not Original.objects.exists():
        contracts = list(Document.objects.filter(doc_type__code="sales_contract").order_by("id"))
        mortgages = list(Document.objects.filter(doc_type__code="mortgage_contract").order_by("id"))
        originals = []
        for contract in contracts:
            originals.append(
                services.register_original(clerk, contract, kind="developer", home=box_contracts)
            )
            originals.append(services.register_original(clerk, contract, kind="customer", home=box_contracts))
            originals.append(
                services.register_original(clerk, contract, kind="housing_authority", home=box_contracts)
            )
        for mortgage in mortgages:
            originals.append(services.register_original(clerk, mortgage, kind="bank", home=box_contracts))
        if len(originals) >= 4:
            # One overdue with field staff, one at the bank, one that went out and came back.
            late = services.check_out_original(
                clerk, originals[0], party_type="colleague", holder=field, purpose="送银行核对"
            )
            Movement.objects.filter(pk=late.pk).update(
                due_date=timezone.localdate() - datetime.timedelta(days=3),
                created_at=timezone.now() - datetime.timedelta(days=10),
            )
            services.check_out_original(
                clerk,
                originals[-1],
                party_type="bank",
                holder_name="中国建设银行城南支行",
                purpose="放款审核",
            )
            services.check_out_original(
                clerk, originals[3], party_type="notary", holder_name="市公证处", purpose="公证"
            )
            services.return_original(clerk, originals[3], pages_complete=True, remarks="完好")
            if len(contracts) > 1:
                authority_copy = originals[5]
                filing = services.submit_filing(
                    clerk, contracts[1], kind="online_filing", original=authority_copy, note="网上备案"
                )
                services.accept_filing(field, filing, filing_number=f"BA{year}-000816")

    if not Filing.objects.exists():
        contract = Document.objects.filter(doc_type__code="sales_contract").order_by("id").first()
        if contract is not None:
            services.submit_filing(clerk, contract, kind="online_filing")

    if not Letter.objects.exists():
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
        services.register_letter(
            manager,
            direction="in",
            date=today - datetime.timedelta(days=10),
            counterparty="中国建设银行城南支行",
            subject="关于 5-0801 放款资料的联络函",
            reply_due=today - datetime.timedelta(days=1),
        )
        services.register_letter(
            clerk,
            direction="out",
            date=today - datetime.timedelta(days=1),
            counterparty="市住房和城乡建设局",
            subject="关于 3-1502 备案材料补正的复函",
            replies_to=incoming,
        )
    stdout.write(
        f"archive demo ready ({filed} newly filed; {ArchiveRecord.objects.count()} records, "
        f"{Original.objects.count()} originals, {Letter.objects.count()} letters)"
    )


__all__ = ["load", "RetentionPeriod"]
