"""Issue 12: a damaged PDF version (kept byte for byte) is stamped from its repaired copy; the approved hash is
still checked on the version's own bytes, and the stamped version's origin says it was repaired."""

import hashlib

import pytest

from demo.content import CONTRACT_CLAUSES, make_pdf
from docstore.models import Version
from seals import services


@pytest.mark.django_db
def test_a_damaged_version_is_stamped_from_its_repaired_copy(field, make_request, make_pdf_version, store):
    data = make_pdf("借款合同", CONTRACT_CLAUSES[:3], pages=2)
    damaged = data[: data.rfind(b"xref")]  # pypdf cannot read it; qpdf repairs it
    version = make_pdf_version(data=damaged)
    assert version.damaged
    req = make_request("approved", version=version, placements=[{"page": 1, "x": 150, "y": 60}])
    item = req.items.get()
    assert item.approved_sha256 == hashlib.sha256(damaged).hexdigest()
    new = services.stamp_item(field, item)
    assert new.origin_detail["seal_request_item"] == item.pk and new.origin_detail["repaired"] is True
    assert new.origin_detail["stamped_from_sha256"] != version.sha256
    assert not new.damaged and new.page_count == 2
    assert Version.objects.get(pk=version.pk).sha256 == hashlib.sha256(damaged).hexdigest()
    with store.open(version.sha256) as stream:
        assert stream.read() == damaged
