"""Walks of the archive tables: originals, records, filings, disposal batches and letters."""

import io

from django.utils import timezone

from archive import services as archive
from archive.models import ArchiveRecord, DisposalBatch, Filing, Letter, Original
from tests.state_walks.base import LONG_AGO, Walk


class OriginalWalk(Walk):
    name, model = "original", Original
    paths = {"out": ["check_out"], "handed_over": ["hand_over"]}

    def new(self):
        return self.fixture("original")

    def act(self, obj, action):
        clerk = self.user("clerk")
        receipt = self.fixture("pdf_bytes")
        return {
            "check_out": lambda: archive.check_out_original(
                clerk, obj, party_type="bank", holder_name="建设银行", purpose="按揭"
            ),
            "renew": lambda: archive.renew_original_loan(clerk, obj),
            "return": lambda: archive.return_original(clerk, obj),
            "hand_over": lambda: archive.hand_over_original(
                clerk, obj, receiver_name="陈明", receipt_file=io.BytesIO(receipt)
            ),
        }[action]()


def expired_record(fixture) -> ArchiveRecord:
    """A filed record whose retention ran out, so that it may be proposed for disposal."""
    clerk = fixture("clerk")
    record = archive.file_document(clerk, fixture("new_document")("company_notice"), year=2026)
    archive.set_retention_trigger(clerk, [record], trigger_date=LONG_AGO, event="合同履行完毕")
    return ArchiveRecord.objects.get(pk=record.pk)


class RecordWalk(Walk):
    name, model = "archive_record", ArchiveRecord
    paths = {"disposed": ["dispose"]}

    def new(self):
        return expired_record(self.fixture)

    def act(self, record, action):
        clerk, manager = self.user("clerk"), self.user("manager")
        return {
            "correct": lambda: archive.correct_record(manager, record, reason="笔误", title="更正后的题名"),
            "place": lambda: archive.place_in_box(clerk, record, None),
            "set_trigger": lambda: archive.set_retention_trigger(
                clerk, [record], trigger_date=LONG_AGO, event="合同履行完毕"
            ),
            "dispose": lambda: archive.approve_disposal(manager, archive.propose_disposal(clerk, [record])),
        }[action]()


class FilingWalk(Walk):
    name, model = "filing", Filing
    paths = {"accepted": ["accept"], "rejected": ["reject"], "returned": ["accept", "return"]}

    def new(self):
        return archive.submit_filing(self.user("clerk"), self.fixture("document"), kind="online_filing")

    def act(self, filing, action):
        clerk = self.user("clerk")
        return {
            "accept": lambda: archive.accept_filing(clerk, filing, filing_number="BA2026-0815"),
            "reject": lambda: archive.reject_filing(clerk, filing, reason="附件不全"),
            "return": lambda: archive.return_filing(clerk, filing),
        }[action]()


class DisposalWalk(Walk):
    name, model = "disposal_batch", DisposalBatch
    paths = {"approved": ["approve"], "rejected": ["reject"]}

    def new(self):
        return archive.propose_disposal(self.user("clerk"), [expired_record(self.fixture)], reason="到期鉴定")

    def act(self, batch, action):
        manager = self.user("manager")
        return {
            "approve": lambda: archive.approve_disposal(manager, batch, note="同意"),
            "reject": lambda: archive.reject_disposal(manager, batch, note="暂缓"),
        }[action]()


class LetterWalk(Walk):
    name, model = "letter", Letter
    paths = {"replied": ["reply"], "closed": ["close"]}

    def new(self):
        return archive.register_letter(
            self.user("clerk"),
            direction="in",
            date=timezone.localdate(),
            counterparty="建设银行",
            subject="来函",
        )

    def act(self, letter, action):
        clerk = self.user("clerk")
        return {
            "reply": lambda: archive.register_letter(
                clerk,
                direction="out",
                date=timezone.localdate(),
                counterparty="建设银行",
                subject="复函",
                replies_to=letter,
            ),
            "close": lambda: archive.close_letter(clerk, letter),
        }[action]()
