"""The seal-use application: every transition, allowed and forbidden, by role and state."""

import io

import pytest

from accounts.audit_model import AuditEvent
from core.errors import Conflict, Forbidden, InvalidInput
from docstore.models import Document, Version
from seals import services
from seals.models import SealRequest
from storage.registry import get_store

ALL_STATES = ["draft", "submitted", "approved", "rejected", "returned", "withdrawn", "closed"]


@pytest.mark.django_db
class TestHappyPath:
    def test_draft_submit_approve_records_everything(self, field, manager, make_request, version, dossier):
        req = make_request("draft")
        assert req.status == "draft" and req.dossier == dossier  # taken from the document
        req = services.submit_request(field, req)
        assert req.status == "submitted" and req.submitted_at
        req = services.approve_request(manager, req, comment="同意办理")
        assert req.status == "approved"
        assert req.decided_by == manager and req.decided_at and req.decision_comment == "同意办理"
        item = req.items.get()
        assert item.approved_sha256 == version.sha256
        assert req.approval["items"] == {str(item.pk): version.sha256}
        assert req.approval["by"] == manager.pk and req.approval["comment"] == "同意办理"
        # the printable form is filed in the dossier as a seal_use_form document
        form = Document.objects.get(pk=req.form_document_id)
        assert form.doc_type.code == "seal_use_form" and form.dossier == dossier
        actions = list(
            AuditEvent.objects.filter(object_type="seals.sealrequest")
            .order_by("seq")
            .values_list("action", flat=True)
        )
        assert actions == ["seal_request.created", "seal_request.submitted", "seal_request.approved"]

    def test_return_then_resubmit(self, field, manager, make_request):
        req = make_request("returned")
        assert req.status == "returned" and req.decision_comment == "请补充说明"
        req = services.submit_request(field, req)
        assert req.status == "submitted"

    def test_withdraw_before_decision(self, field, make_request):
        for state in ("draft", "submitted", "returned"):
            req = make_request(state)
            assert services.withdraw_request(field, req).status == "withdrawn"

    def test_close(self, field, manager, make_request):
        assert services.close_request(field, make_request("approved")).status == "closed"
        assert services.close_request(manager, make_request("approved")).status == "closed"


@pytest.mark.django_db
class TestRoles:
    def test_nobody_approves_their_own_request(self, settings, manager, director, make_request):
        settings.SEALS_SECOND_APPROVER = "marketing_director"  # so that the manager's own request can wait
        req = make_request("submitted", requester=manager)
        with pytest.raises(Forbidden) as exc:
            services.approve_request(manager, req)
        assert exc.value.code == "own_request"
        for decide in (services.reject_request, services.return_request):
            with pytest.raises(Forbidden):
                decide(manager, req, reason="x")

    @pytest.mark.parametrize("who", ["clerk", "field", "admin", "outsider"])
    def test_only_the_manager_decides(self, users, make_request, who):
        req = make_request("submitted")
        with pytest.raises(Forbidden):
            services.approve_request(users[who], req)
        with pytest.raises(Forbidden):
            services.reject_request(users[who], req, reason="x")
        with pytest.raises(Forbidden):
            services.return_request(users[who], req, reason="x")
        assert SealRequest.objects.get(pk=req.pk).status == "submitted"

    @pytest.mark.parametrize("who", ["clerk", "manager", "field2"])
    def test_only_the_requester_submits_edits_withdraws(self, users, field2, make_request, who):
        actor = field2 if who == "field2" else users[who]
        req = make_request("draft")
        with pytest.raises(Forbidden):
            services.submit_request(actor, req)
        with pytest.raises(Forbidden):
            services.withdraw_request(actor, req)
        with pytest.raises(Forbidden):
            services.update_item(actor, req.items.get(), impressions=3)

    @pytest.mark.parametrize("who", ["admin", "outsider"])
    def test_roles_without_paper_cannot_ask(self, users, seal, version, who):
        with pytest.raises(Forbidden):
            services.create_request(users[who], purpose="x", recipient="bank", items=[])

    def test_close_by_someone_else_forbidden(self, clerk, make_request):
        with pytest.raises(Forbidden):
            services.close_request(clerk, make_request("approved"))


@pytest.mark.django_db
class TestWrongStates:
    @pytest.mark.parametrize("state", [s for s in ALL_STATES if s != "submitted"])
    def test_decisions_need_submitted(self, manager, make_request, state):
        req = make_request(state)
        for call in (
            lambda: services.approve_request(manager, req),
            lambda: services.reject_request(manager, req, reason="x"),
            lambda: services.return_request(manager, req, reason="x"),
        ):
            with pytest.raises(Conflict) as exc:
                call()
            assert exc.value.code == "wrong_state"

    @pytest.mark.parametrize("state", ["submitted", "approved", "rejected", "withdrawn", "closed"])
    def test_submit_only_from_draft_or_returned(self, field, make_request, state):
        with pytest.raises(Conflict):
            services.submit_request(field, make_request(state))

    @pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn", "closed"])
    def test_withdraw_only_before_a_decision(self, field, make_request, state):
        with pytest.raises(Conflict):
            services.withdraw_request(field, make_request(state))

    @pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "returned", "withdrawn", "closed"])
    def test_close_only_after_approval(self, field, make_request, state):
        with pytest.raises(Conflict):
            services.close_request(field, make_request(state))

    @pytest.mark.parametrize("state", ["submitted", "rejected", "withdrawn", "closed"])
    def test_items_frozen_outside_draft_returned_approved(self, field, make_request, state):
        req = make_request(state)
        with pytest.raises(Conflict):
            services.update_item(field, req.items.get(), impressions=1)


@pytest.mark.django_db
class TestEditingVoidsApproval:
    def test_changing_an_item_after_approval_returns_to_draft(self, field, manager, make_request):
        req = make_request("approved")
        item = req.items.get()
        services.update_item(field, item, impressions=3)
        req.refresh_from_db()
        item.refresh_from_db()
        assert req.status == "draft" and req.approval == {} and req.decided_by is None
        assert item.approved_sha256 == "" and item.impressions == 3
        assert AuditEvent.objects.filter(action="seal_request.item_changed", details__voided=True).exists()
        with pytest.raises(Conflict):  # no stamping on a voided approval
            services.stamp_item(field, item)

    def test_adding_an_item_after_approval_also_voids(self, field, make_request, seal, version):
        req = make_request("approved")
        services.add_item(field, req, version=version, seal=seal, impressions=1, mode="physical")
        req.refresh_from_db()
        assert req.status == "draft" and req.items.count() == 2


@pytest.mark.django_db
class TestSeals:
    @pytest.mark.parametrize("status", ["suspended", "destroyed"])
    def test_inactive_seal_cannot_be_requested(self, field, manager, seal, version, status):
        services.change_seal_status(manager, seal, to_status=status, reason="x")
        seal.refresh_from_db()
        with pytest.raises(Conflict) as exc:
            services.create_request(
                field,
                purpose="x",
                recipient="bank",
                items=[{"version": version, "seal": seal, "impressions": 1}],
            )
        assert exc.value.code == "seal_not_active"

    def test_registered_seal_cannot_be_requested(self, field, make_seal, version):
        seal = make_seal(active=False)
        with pytest.raises(Conflict):
            services.create_request(
                field, purpose="x", recipient="bank", items=[{"version": version, "seal": seal}]
            )

    def test_suspended_seal_cannot_be_approved(self, manager, make_request, seal):
        req = make_request("submitted")
        services.change_seal_status(manager, seal, to_status="suspended", reason="遗失")
        with pytest.raises(Conflict) as exc:
            services.approve_request(manager, req)
        assert exc.value.code == "seal_not_active"


@pytest.mark.django_db
class TestBadInput:
    def _item(self, version, seal, **extra):
        return {"version": version, "seal": seal, "impressions": 1, "mode": "electronic", **extra}

    def test_missing_purpose_or_recipient(self, field, seal, version):
        with pytest.raises(InvalidInput):
            services.create_request(field, purpose="", recipient="bank")
        with pytest.raises(InvalidInput):
            services.create_request(field, purpose="x", recipient="martians")

    def test_submit_without_items(self, field):
        req = services.create_request(field, purpose="x", recipient="bank")
        with pytest.raises(InvalidInput) as exc:
            services.submit_request(field, req)
        assert exc.value.code == "no_items"

    @pytest.mark.parametrize(
        "placements",
        [
            [{"page": 9, "x": 10, "y": 10}],
            [{"page": 1, "x": 500, "y": 10}],
            [{"preset": "nowhere"}],
            "page 1",
            [{"page": "one", "x": 1, "y": 1}],
        ],
    )
    def test_bad_placements(self, field, seal, version, placements):
        with pytest.raises(InvalidInput) as exc:
            services.create_request(
                field, purpose="x", recipient="bank", items=[self._item(version, seal, placements=placements)]
            )
        assert exc.value.code == "bad_placements"

    def test_placements_are_normalised(self, field, seal, version):
        item = self._item(version, seal, impressions=3)
        item["placements"] = [
            {"page": 2.0, "x": "150", "y": 60},
            {"page": "last", "x": 10, "y": 10},
            {"preset": "last_page_signature"},
        ]
        req = services.create_request(field, purpose="x", recipient="bank", items=[item])
        assert req.items.get().placements == [
            {"page": 2, "x": 150.0, "y": 60.0},
            {"page": "last", "x": 10.0, "y": 10.0},
            {"preset": "last_page_signature"},
        ]
        with pytest.raises(InvalidInput):
            item["placements"] = [{"page": True, "x": 1, "y": 1}]
            services.create_request(field, purpose="x", recipient="bank", items=[item])

    def test_more_placements_than_impressions(self, field, seal, version):
        item = self._item(version, seal, placements=[{"page": 1, "x": 50, "y": 50}], cross_page=True)
        with pytest.raises(InvalidInput):
            services.create_request(field, purpose="x", recipient="bank", items=[item])

    def test_electronic_needs_a_pdf(self, field, clerk, seal, dossier, doc_type, docx_bytes):
        from docstore.services import documents

        doc = documents.create_document(
            clerk, file=io.BytesIO(docx_bytes), filename="a.docx", title="a", doc_type=doc_type("other")
        )
        with pytest.raises(InvalidInput) as exc:
            services.create_request(
                field, purpose="x", recipient="bank", items=[self._item(doc.current_version, seal)]
            )
        assert exc.value.code == "not_pdf"

    @pytest.mark.parametrize("kind", ["encrypted", "damaged"])
    def test_encrypted_or_damaged_pdf_refused_when_asking(self, field, clerk, seal, version, kind):
        from pypdf import PdfReader, PdfWriter

        if kind == "encrypted":
            with get_store().open(version.sha256) as stream:
                writer = PdfWriter(clone_from=PdfReader(stream))
            writer.encrypt("secret")
            out = io.BytesIO()
            writer.write(out)
            data = out.getvalue()
        else:
            data = b"%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage\n%%EOF"
        # A version whose bytes could not be uploaded today (e.g. imported earlier): made directly.
        sha = get_store().put(io.BytesIO(data)).sha256
        bad = Version.objects.create(
            document=version.document,
            number=99,
            sha256=sha,
            size=len(data),
            filename="x.pdf",
            media_type="application/pdf",
            created_by=clerk,
        )
        with pytest.raises(InvalidInput) as exc:
            services.create_request(field, purpose="x", recipient="bank", items=[self._item(bad, seal)])
        assert exc.value.code == f"{kind}_pdf"
        assert "加密" in str(exc.value.detail) if kind == "encrypted" else "损坏" in str(exc.value.detail)
