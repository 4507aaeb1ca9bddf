"""Physical impressions, anomalies and the seal-use register with its filters and exports."""

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from core.errors import Conflict, Forbidden, InvalidInput
from seals import selectors, services
from seals.models import Impression


@pytest.fixture
def physical(make_request):
    def make(state="approved", impressions=2, **kw):
        return make_request(
            state, impressions=impressions, mode="physical", cross_page=False, placements=[], **kw
        )

    return make


@pytest.mark.django_db
class TestPhysical:
    def test_custodian_records_impressions(self, clerk, physical):
        req = physical()
        item = req.items.get()
        row = services.record_impressions(clerk, item, count=1)
        req.refresh_from_db()
        assert row.count == 1 and not row.anomaly and req.status == "partly_stamped"
        services.record_impressions(clerk, item, count=1, made_on=date.today() - timedelta(days=1))
        req.refresh_from_db()
        assert req.status == "stamped"

    def test_with_a_scan_as_new_version(self, clerk, physical, pdf_bytes, version):
        item = physical().items.get()
        row = services.record_impressions(
            clerk, item, count=2, scan=io.BytesIO(pdf_bytes + b"\n"), scan_filename="s.pdf"
        )
        assert row.result_version.document_id == version.document_id
        assert row.result_version.origin == "stamp"
        assert row.result_version.origin_detail == {"seal_request_item": item.pk, "mode": "physical"}

    def test_past_the_count_needs_a_reason_and_is_an_anomaly(self, clerk, physical):
        item = physical(impressions=1).items.get()
        with pytest.raises(InvalidInput) as exc:
            services.record_impressions(clerk, item, count=2)
        assert exc.value.code == "reason_required"
        row = services.record_impressions(clerk, item, count=2, reason="银行要求多盖一份")
        assert row.anomaly and row.reason == "银行要求多盖一份"
        assert list(selectors.anomalies()) == [row]

    @pytest.mark.parametrize("who", ["field", "manager", "admin", "outsider"])
    def test_only_the_custodian_records(self, users, physical, who):
        item = physical().items.get()
        with pytest.raises(Forbidden):
            services.record_impressions(users[who], item, count=1)

    @pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "returned", "withdrawn", "closed"])
    def test_needs_an_approved_request(self, clerk, physical, state):
        with pytest.raises(Conflict):
            services.record_impressions(clerk, physical(state).items.get(), count=1)

    def test_bad_counts_and_dates(self, clerk, physical):
        item = physical().items.get()
        for count in (0, -1, "x"):
            with pytest.raises(InvalidInput):
                services.record_impressions(clerk, item, count=count)
        with pytest.raises(InvalidInput):
            services.record_impressions(clerk, item, count=1, made_on=date.today() + timedelta(days=2))

    def test_electronic_item_is_not_recorded_as_physical(self, clerk, make_request):
        with pytest.raises(Conflict):
            services.record_impressions(clerk, make_request("approved").items.get(), count=1)

    def test_api(self, api, clerk, field, physical):
        req = physical(impressions=1)
        item = req.items.get()
        url = f"/api/v1/seal-requests/{req.pk}/impressions"
        over = api(clerk).post(url, {"item": item.pk, "count": 2}, format="json")
        assert over.status_code == 400 and over.json()["error"] == "reason_required"
        ok = api(clerk).post(url, {"item": item.pk, "count": 2, "reason": "补盖"}, format="json")
        assert ok.status_code == 201 and ok.json()["anomaly"] is True
        assert api(field).post(url, {"item": item.pk, "count": 1}, format="json").status_code == 403


@pytest.fixture
def register_rows(clerk, field, field2, manager, director, physical, make_seal, version):
    """Three rows: two seals, two requesters, one anomaly."""
    services.record_impressions(clerk, physical().items.get(), count=2)
    other = make_seal(name="公章", kind="company")
    req2 = services.create_request(
        field2,
        purpose="房管局备案",
        recipient="housing_authority",
        items=[{"version": version, "seal": other, "impressions": 1, "mode": "physical"}],
    )
    req2 = services.approve_request(manager, services.submit_request(field2, req2))
    req2 = services.approve_request(director, req2)  # 公章: the manager, then the marketing director
    services.record_impressions(clerk, req2.items.get(), count=1, made_on=date.today() - timedelta(days=40))
    services.record_impressions(clerk, req2.items.get(), count=1, reason="多盖一次")
    return other


@pytest.mark.django_db
class TestRegister:
    def test_filters(self, api, clerk, field, field2, seal, register_rows, dossier):
        client = api(clerk)
        assert client.get("/api/v1/seal-register/").json()["count"] == 3
        assert client.get(f"/api/v1/seal-register/?seal={seal.pk}").json()["count"] == 1
        assert client.get(f"/api/v1/seal-register/?requester={field2.pk}").json()["count"] == 2
        assert client.get("/api/v1/seal-register/?anomaly=true").json()["count"] == 1
        assert client.get(f"/api/v1/seal-register/?dossier={dossier.pk}").json()["count"] == 3
        since = (date.today() - timedelta(days=5)).isoformat()
        assert client.get(f"/api/v1/seal-register/?date_from={since}").json()["count"] == 2
        row = client.get(f"/api/v1/seal-register/?seal={seal.pk}").json()["results"][0]
        assert (
            row["requester_name"] == "李军" and row["approver_name"] == "张伟" and row["mode"] == "physical"
        )
        assert row["dossier_label"] == "锦绣花园 3-1502"

    def test_monthly_totals(self, api, clerk, register_rows):
        results = api(clerk).get("/api/v1/seal-register/monthly").json()["results"]
        this_month = date.today().strftime("%Y-%m")
        totals = {(r["month"], r["seal"]): r["total"] for r in results}
        assert totals[(this_month, "合同专用章")] == 2
        assert totals[(this_month, "公章")] == 1
        assert sum(totals.values()) == 4

    def test_csv_export(self, api, clerk, register_rows):
        response = api(clerk).get("/api/v1/seal-register/?format=csv&anomaly=true")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:3] == ["用印日期", "印章", "文件名称"]
        assert len(rows) == 2 and rows[1][1] == "公章" and rows[1][-1] == "多盖一次"
        # 审用分离: requester, approver and custodian (监印人), each in their own column
        assert rows[0][7:11] == ["申请人", "审批人", "监印人", "用印人"]
        assert rows[1][7:11] == ["周涛", "孙总", "王芳", "王芳"]

    def test_xlsx_export(self, api, clerk, register_rows):
        response = api(clerk).get("/api/v1/seal-register/?format=xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = book.worksheets[0]
        assert sheet.max_row == 4 and sheet.cell(1, 2).value == "印章"
        assert book.worksheets[1].cell(1, 1).value == "月份"

    def test_outsider_cannot_read(self, api, outsider):
        assert api(outsider).get("/api/v1/seal-register/").status_code == 403

    def test_list_query_count_is_constant(self, api, clerk, register_rows, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            response = api(clerk).get("/api/v1/seal-register/")
        assert response.json()["count"] == 3
        assert Impression.objects.count() == 3
