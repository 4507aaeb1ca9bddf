"""Stamping and recording a scan do their file work (validating, storing, classifying the PDF) before the
transaction that checks the approval and the count, so that SQLite's write lock is never held over parsing
or an fsync; a scan refused for want of a reason is not stored at all."""

import io

import pytest
from django.db import connection

from core.errors import InvalidInput
from docstore.services import documents
from seals import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def depths(monkeypatch):
    """The transaction depth at which the file work ran (the test itself runs inside one)."""
    seen = {}

    def watch(name, func):
        def watched(*args, **kwargs):
            seen.setdefault(name, []).append(len(connection.atomic_blocks))
            return func(*args, **kwargs)

        return watched

    monkeypatch.setattr(documents, "inspect_upload", watch("inspect", documents.inspect_upload))
    monkeypatch.setattr(documents, "store_upload", watch("store", documents.store_upload))
    import docstore.validation

    monkeypatch.setattr(
        docstore.validation,
        "stored_pdf_active_content",
        watch("reread", docstore.validation.stored_pdf_active_content),
    )
    return seen


def test_stamping_stores_the_signed_pdf_before_its_transaction(field, make_request, depths):
    item = make_request("approved").items.get()
    depths.clear()  # the approval filed its form; what follows is the stamping's
    base = len(connection.atomic_blocks)
    new = services.stamp_item(field, item)
    assert new.origin == "stamp"
    assert depths["inspect"] == [base] and depths["store"] == [base]
    assert "reread" not in depths  # the validation's own parse classified it


@pytest.fixture
def physical(field, manager, seal, version):
    def make(impressions=2):
        req = services.create_request(
            field,
            purpose="办理按揭贷款",
            recipient="bank",
            items=[{"version": version, "seal": seal, "impressions": impressions, "mode": "physical"}],
        )
        return services.approve_request(manager, services.submit_request(field, req))

    return make


def test_a_scan_is_stored_before_the_transaction_of_its_impressions(clerk, physical, pdf_bytes, depths):
    item = physical().items.get()
    depths.clear()
    base = len(connection.atomic_blocks)
    row = services.record_impressions(clerk, item, count=2, scan=io.BytesIO(pdf_bytes + b"\n"))
    assert row.result_version is not None
    assert depths["inspect"] == [base] and depths["store"] == [base]


def test_a_scan_refused_for_want_of_a_reason_is_not_stored(clerk, physical, pdf_bytes, store, depths):
    item = physical(impressions=1).items.get()
    depths.clear()
    before = set(store.iter_sha256())
    with pytest.raises(InvalidInput) as exc:
        services.record_impressions(clerk, item, count=2, scan=io.BytesIO(pdf_bytes + b"\n"))
    assert exc.value.code == "reason_required"
    assert "store" not in depths and set(store.iter_sha256()) == before
