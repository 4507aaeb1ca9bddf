"""Evidence of paper stamping: photos of the stamped pages compared with the approved version.

The photos are real generated ones (tests/seals/photos.py): each page rendered, red seals pressed on it, laid
on a desk, turned, with noise and JPEG compression. The four cases of the issue: a clean match, a swapped
page, an extra impression, a missing page.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.audit_model import AuditEvent
from core.errors import Conflict, Forbidden, InvalidInput, UnsupportedMedia
from seals import selectors, services
from seals.engine import evidence as engine
from seals.engine.stamp import stamp_pdf
from seals.models import SealRequest, StampEvidence
from tests.seals.conftest import seal_png
from tests.seals.photos import approved_pdf, foreign_photo, photos, uploads


@pytest.mark.django_db
class TestTheFourCases:
    def test_a_clean_match(self, clerk, approved_item):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos()))
        assert (evidence.status, evidence.findings) == ("matched", [])
        assert (evidence.approved_pages, evidence.evidence_pages, evidence.impressions_found) == (4, 4, 2)
        assert [(p["approved"], p["evidence"], p["compared_by"]) for p in evidence.pages] == [
            (n, n, "image") for n in (1, 2, 3, 4)
        ]
        assert all(p["similarity"] > engine.SAME_PAGE for p in evidence.pages)
        first = evidence.pages[0]["seals"]
        assert len(first) == 1 and abs(first[0]["x"] - 150) < 5 and abs(first[0]["y"] - 60) < 5
        version = evidence.version
        assert (version.origin, version.origin_detail) == (
            "stamp_evidence",
            {"seal_request_item": approved_item.pk},
        )
        assert (
            version.document_id == approved_item.version.document_id
            and version.media_type == "application/pdf"
        )
        assert version.number == approved_item.version.number + 1
        added = AuditEvent.objects.get(action="seal_request.evidence_added")
        assert added.details["status"] == "checking" and added.actor == clerk  # the upload's answer
        compared = AuditEvent.objects.get(action="seal_request.evidence_compared")  # the worker's
        assert (compared.details["status"], compared.details["findings"], compared.actor) == (
            "matched",
            [],
            None,
        )

    def test_a_swapped_page(self, clerk, approved_item):
        pictures = list(photos())
        pictures[2] = foreign_photo()  # page 3 is a page of another contract
        evidence = services.add_evidence(clerk, approved_item, files=uploads(pictures))
        assert evidence.status == "mismatch"
        assert evidence.findings == [{"code": "page_differs", "page": 3, "evidence_page": 3}]
        assert evidence.pages[2]["problems"] == ["page_differs"] and evidence.pages[2]["similarity"] < 0.55
        assert evidence.findings_text() == ["第 3 页与批准的不同（凭证第 3 页）"]

    def test_an_extra_impression(self, clerk, approved_item):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos(extra=True)))
        assert evidence.status == "mismatch" and evidence.impressions_found == 3
        assert evidence.findings == [{"code": "impressions_extra", "expected": 2, "found": 3}]
        assert [len(p["seals"]) for p in evidence.pages] == [1, 1, 0, 1]

    def test_a_missing_page(self, clerk, approved_item):
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos(pages=(1, 2, 4))))
        assert evidence.status == "mismatch"
        assert evidence.findings == [
            {"code": "page_count", "expected": 4, "found": 3},
            {"code": "page_missing", "page": 3},
        ]
        assert [(p["approved"], p["evidence"]) for p in evidence.pages] == [(1, 1), (2, 2), (3, None), (4, 3)]


@pytest.mark.django_db
class TestUpload:
    def test_a_scanned_pdf_with_a_text_layer_is_compared_by_text(self, manager, approved_item):
        stamped, _made = stamp_pdf(
            approved_pdf(),
            seal_png(),
            size_mm=40,
            placements=[{"page": 1, "x": 150, "y": 60}, {"page": 4, "x": 150, "y": 60}],
        )
        scan = SimpleUploadedFile("scan.pdf", stamped, "application/pdf")
        evidence = services.add_evidence(manager, approved_item, files=[scan])
        assert evidence.status == "matched"
        assert {p["compared_by"] for p in evidence.pages} == {"text"}
        assert all(p["similarity"] == 1 for p in evidence.pages)

    def test_ocr_text_is_used_when_a_reader_is_set(self, monkeypatch, clerk, approved_item):
        """The hook for OCR: photo pages get text, and are compared by it."""
        import pypdfium2 as pdfium

        texts = []
        doc = pdfium.PdfDocument(approved_pdf())
        for index in range(len(doc)):
            texts.append(doc[index].get_textpage().get_text_range())
        doc.close()
        queue = iter([texts[0], texts[1], "完全不同的一页：借款合同的附件。", texts[3]])
        monkeypatch.setattr(engine, "text_reader", lambda image: next(queue))
        evidence = services.add_evidence(clerk, approved_item, files=uploads(photos()))
        assert [p["compared_by"] for p in evidence.pages] == ["text"] * 4
        assert evidence.findings == [{"code": "page_differs", "page": 3, "evidence_page": 3}]

    def test_phone_photos_taken_sideways_are_turned_upright(self, clerk, approved_item):
        from PIL import Image

        sideways = []
        for data in photos():
            image = Image.open(io.BytesIO(data)).rotate(90, expand=True)  # stored turned a quarter left
            exif = Image.Exif()
            exif[0x0112] = 6  # EXIF orientation: turn a quarter right to show
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, exif=exif.tobytes())
            sideways.append(out.getvalue())
        evidence = services.add_evidence(clerk, approved_item, files=uploads(sideways))
        assert (evidence.status, evidence.impressions_found) == ("matched", 2)

    @pytest.mark.parametrize("who", ["clerk", "field", "manager"])  # custodian, requester, manager
    def test_who_may_upload(self, users, approved_item, who):
        assert services.add_evidence(users[who], approved_item, files=uploads(photos())).pk

    @pytest.mark.parametrize("who", ["field2", "outsider"])
    def test_others_may_not(self, request, approved_item, who):
        with pytest.raises(Forbidden):
            services.add_evidence(request.getfixturevalue(who), approved_item, files=uploads(photos()))
        assert not StampEvidence.objects.exists()

    @pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "returned", "withdrawn"])
    def test_not_approved_is_409(self, clerk, make_request, state):
        item = make_request(state, mode="physical", cross_page=False, placements=[]).items.get()
        with pytest.raises(Conflict) as caught:
            services.add_evidence(clerk, item, files=uploads(photos()))
        assert caught.value.code == "not_approved"

    def test_electronic_items_need_none(self, clerk, make_request):
        item = make_request("approved").items.get()
        with pytest.raises(Conflict) as caught:
            services.add_evidence(clerk, item, files=uploads(photos()))
        assert caught.value.code == "wrong_mode"

    def test_bad_input(self, clerk, approved_item):
        with pytest.raises(InvalidInput):
            services.add_evidence(clerk, approved_item, files=[])
        with pytest.raises(InvalidInput):
            services.add_evidence(
                clerk, approved_item, files=[SimpleUploadedFile("e.jpg", b"", "image/jpeg")]
            )
        with pytest.raises(UnsupportedMedia):
            services.add_evidence(
                clerk, approved_item, files=[SimpleUploadedFile("a.txt", b"hello", "text/plain")]
            )
        with pytest.raises(InvalidInput):
            services.add_evidence(
                clerk,
                approved_item,
                files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken", "application/pdf")],
            )
        assert not StampEvidence.objects.exists()


@pytest.mark.django_db
class TestAccept:
    @pytest.fixture
    def mismatch(self, clerk, approved_item):
        return services.add_evidence(clerk, approved_item, files=uploads(photos(extra=True)))

    def test_a_manager_accepts_with_a_note(self, manager, mismatch):
        accepted = services.accept_evidence(manager, mismatch, note="多盖一枚已作废并另行登记")
        assert (accepted.status, accepted.accepted_by, accepted.accept_note) == (
            "accepted",
            manager,
            "多盖一枚已作废并另行登记",
        )
        assert not selectors.evidence_mismatches().exists()

    def test_only_a_manager(self, clerk, field, mismatch):
        for who in (clerk, field):
            with pytest.raises(Forbidden):
                services.accept_evidence(who, mismatch, note="x")

    def test_a_note_is_needed(self, manager, mismatch):
        with pytest.raises(InvalidInput):
            services.accept_evidence(manager, mismatch, note="  ")

    def test_a_match_or_an_accepted_one_is_409(self, manager, clerk, approved_item, mismatch):
        services.accept_evidence(manager, mismatch, note="已核实")
        matched = services.add_evidence(clerk, approved_item, files=uploads(photos()))
        for evidence in (mismatch, matched):
            with pytest.raises(Conflict):
                services.accept_evidence(manager, evidence, note="再次")


@pytest.mark.django_db
class TestOverdue:
    def _age(self, item, days):
        SealRequest.objects.filter(pk=item.request_id).update(
            decided_at=timezone.now() - datetime.timedelta(days=days)
        )

    def test_an_item_without_evidence_after_n_days(self, clerk, approved_item):
        self._age(approved_item, 2)
        assert not selectors.evidence_overdue(3).exists()
        self._age(approved_item, 4)
        assert list(selectors.evidence_overdue(3)) == [approved_item]
        services.add_evidence(clerk, approved_item, files=uploads(photos()))
        assert not selectors.evidence_overdue(3).exists()

    def test_closed_without_any_impression_needs_none(self, field, approved_item):
        services.close_request(field, approved_item.request)
        self._age(approved_item, 10)
        assert not selectors.evidence_overdue(3).exists()

    def test_electronic_items_are_never_overdue(self, make_request):
        item = make_request("approved").items.get()
        self._age(item, 10)
        assert not selectors.evidence_overdue(3).exists()


def test_the_due_days_come_from_the_environment(monkeypatch):
    from seals import conf

    monkeypatch.delenv("SEALS_EVIDENCE_DUE_DAYS", raising=False)
    assert conf.evidence_due_days() == 3
    monkeypatch.setenv("SEALS_EVIDENCE_DUE_DAYS", "7")
    assert conf.evidence_due_days() == 7


def test_the_engine_checks_placements_page_by_page():
    """With placements (page and position per impression), each page's count is checked too."""
    pdf = approved_pdf()
    approved = engine.render(pdf)
    from PIL import Image

    pages = [engine.Page(Image.open(io.BytesIO(p)).convert("RGB"), 210, 297) for p in photos(extra=True)]
    placements = [{"page": 1, "x_mm": 150, "y_mm": 60}, {"page": 4, "x_mm": 150, "y_mm": 60}]
    report = engine.compare(approved, pages, impressions=2, placements=placements)
    assert {"code": "impressions_on_page", "page": 2, "expected": 0, "found": 1} in report.findings
    assert [p.expected_seals for p in report.pages] == [1, 0, 0, 1]
