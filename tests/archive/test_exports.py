import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from accounts.audit_model import AuditEvent
from archive import services
from archive.models import ArchiveRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(clerk, new_document):
    return [
        services.file_document(
            clerk, new_document(title=f"合同 {i}"), year=2025 + (i % 2), responsible="本公司"
        )
        for i in range(4)
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_export_honours_filters(api, clerk, filed):
    response = api(clerk).get("/api/v1/archive-records/?format=csv&year=2025")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert rows[0][:3] == ["档号", "全宗号", "门类"]
    assert sorted(r[0] for r in rows[1:]) == sorted(r.archival_code for r in filed if r.year == 2025)


def test_xlsx_export(api, clerk, filed):
    response = api(clerk).get("/api/v1/archive-records/?format=xlsx&category=HT")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(_body(response))).active
    values = list(sheet.values)
    assert values[0][0] == "档号" and len(values) == 5
    assert {v[7] for v in values[1:]} == {"合同 0", "合同 1", "合同 2", "合同 3"}


def test_web_export_uses_the_same_filters(web, clerk, filed):
    response = web(clerk).get("/archive/?export=csv&q=合同 1")
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][7] == "合同 1"


def _unzip(data: bytes, tmp_path):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(tmp_path)
        names = zf.namelist()
    top = names[0].split("/")[0]
    return tmp_path / top, names


def test_bagit_package_validates(api, clerk, filed, tmp_path):
    response = api(clerk).post(
        "/api/v1/archive-records/bag", {"records": [r.pk for r in filed[:3]]}, format="json"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bag_dir, names = _unzip(_body(response), tmp_path)
    for tag in (
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "metadata.json",
    ):
        assert f"{bag_dir.name}/{tag}" in names
    bagit = pytest.importorskip("bagit")
    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # raises BagValidationError when anything is off
    assert bag.info["Payload-Oxum"].endswith(".3")
    import json

    meta = json.loads((bag_dir / "metadata.json").read_text())
    assert [m["archival_code"] for m in meta["records"]] == sorted(r.archival_code for r in filed[:3])
    assert AuditEvent.objects.filter(action="archive.exported").exists()


def test_bagit_detects_tampering(api, clerk, filed, tmp_path):
    response = api(clerk).post("/api/v1/archive-records/bag", {"records": [filed[0].pk]}, format="json")
    bag_dir, _names = _unzip(_body(response), tmp_path)
    payload = next((bag_dir / "data").rglob("*.pdf"))
    payload.write_bytes(payload.read_bytes() + b"x")
    bagit = pytest.importorskip("bagit")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_dir)).validate()


def test_bag_bad_input(api, clerk, field, filed):
    assert (
        api(clerk).post("/api/v1/archive-records/bag", {"records": [999999]}, format="json").status_code
        == 400
    )
    assert (
        api(field).post("/api/v1/archive-records/bag", {"records": [filed[0].pk]}, format="json").status_code
        == 200
    )


def test_four_property_check_passes(api, clerk, filed):
    report = api(clerk).get(f"/api/v1/archive-records/{filed[0].pk}/check").json()
    assert report["ok"] is True and report["count"] == 1
    props = report["records"][0]["properties"]
    assert all(props[p]["ok"] for p in ("authenticity", "integrity", "usability", "security"))
    batch = api(clerk).post(
        "/api/v1/archive-records/check-batch", {"records": [r.pk for r in filed]}, format="json"
    )
    assert batch.json()["passed"] == {"authenticity": 4, "integrity": 4, "usability": 4, "security": 4}


def test_four_property_check_finds_problems(api, clerk, filed, store):
    from tests.accounts.test_audit import _tamper

    record = filed[0]
    path = store.path_for(record.version.sha256)
    path.chmod(0o644)
    path.write_bytes(b"not a pdf at all")
    ArchiveRecord.objects.filter(
        pk=filed[2].pk
    ).delete()  # a gap in the series (2025: items 1 and 2 -> 1 left)
    _tamper("UPDATE accounts_auditevent SET action = 'forged' WHERE seq = 1")
    report = api(clerk).get(f"/api/v1/archive-records/{record.pk}/check").json()["records"][0]["properties"]
    assert report["authenticity"]["ok"] is False
    assert report["usability"]["ok"] is False
    assert report["security"]["ok"] is False
    others = api(clerk).get(f"/api/v1/archive-records/{filed[0].pk}/check").json()
    assert others["ok"] is False
