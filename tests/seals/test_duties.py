"""Duties kept apart (审用分离): the custodian (监印人) records paper impressions, the requester never records on
their own request for a seal they do not hold, the approver never uses their own approval, and the register
shows the requester, the approver and the custodian."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.errors import Forbidden
from seals import services


@pytest.fixture
def physical(make_request):
    return lambda **kw: make_request("approved", mode="physical", cross_page=False, placements=[], **kw)


@pytest.mark.django_db
class TestDuties:
    def test_the_custodian_records(self, clerk, physical):
        row = services.record_impressions(clerk, physical().items.get(), count=1)
        assert (row.recorded_by, row.custodian) == (clerk, clerk)

    def test_the_requester_does_not_record_on_their_own_request(self, field, physical):
        with pytest.raises(Forbidden) as exc:
            services.record_impressions(field, physical().items.get(), count=1)
        assert exc.value.code == "requester_records" and "监印人" in str(exc.value.detail)

    def test_the_approver_never_records_what_they_approved(self, manager, make_seal, physical):
        kept_by_manager = make_seal(name="法人章", kind="legal_rep", custodian=manager)
        req = physical(seal=kept_by_manager)  # the manager, then the director approved it
        with pytest.raises(Forbidden) as exc:
            services.record_impressions(manager, req.items.get(), count=1)
        assert exc.value.code == "approver_uses"

    def test_the_approver_never_stamps_what_they_approved(self, web, manager, make_seal, make_request):
        kept_by_manager = make_seal(name="合同章二", custodian=manager)
        req = make_request("approved", seal=kept_by_manager)
        with pytest.raises(Forbidden) as exc:
            services.stamp_item(manager, req.items.get())
        assert exc.value.code == "approver_uses"
        assert "电子用印并签名" not in web(manager).get(req.get_absolute_url()).content.decode()

    def test_the_register_shows_all_three(self, web, api, clerk, field, manager, physical):
        services.record_impressions(clerk, physical().items.get(), count=1)
        html = web(manager).get(reverse("seals:register")).content.decode()
        assert "监印人" in html and all(name in html for name in ("李军", "张伟", "王芳"))
        response = api(clerk).get("/api/v1/seal-register/?format=xlsx")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
        assert (row["申请人"], row["审批人"], row["监印人"]) == ("李军", "张伟", "王芳")
