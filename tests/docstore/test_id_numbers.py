"""Personal data (issue 11, item 11): 身份证号 is checked with its GB 11643 check digit where it is typed (the
dossier form and the API), shown whole only to the clerk and the manager on the dossier page, and masked
(3101**********1234) everywhere else: the API for field staff, the timeline, search snippets, exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import idnumber

VALID = "310101198003071236"
MASKED = "3101**********1236"


def test_check_digit_per_gb_11643():
    assert idnumber.check_character("11010519491231002") == "X"  # the standard's own example
    assert idnumber.validate("11010519491231002x") == "11010519491231002X"
    assert idnumber.validate(f" {VALID} ") == VALID


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("310101198003071234", "id_check_digit"),
        ("31010119800307123", "id_format"),
        ("3101011980030712345", "id_format"),
        ("31010119800307123A", "id_format"),
        ("310101198002301231", "id_birth_date"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        idnumber.validate(value)
    assert caught.value.code == code


def test_mask_keeps_four_and_four():
    assert idnumber.mask(VALID) == MASKED
    assert (
        idnumber.mask_in_text(f"客户 陈明 {VALID}，电话 13800138000")
        == f"客户 陈明 {MASKED}，电话 13800138000"
    )


@pytest.mark.django_db
def test_dossier_form_refuses_a_wrong_check_digit_and_keeps_the_input(web, clerk):
    page = web(clerk).post(
        reverse("docstore:dossier-create"),
        {
            "project": "滨江一号",
            "building": "2",
            "unit": "2203",
            "customers": "孙强 310101198003071234\n李梅",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200 and "孙强：身份证号校验码不符" in html
    assert "滨江一号" in html and "李梅" in html  # nothing typed is lost


@pytest.mark.django_db
def test_api_refuses_a_wrong_check_digit(api, clerk):
    body = {
        "project": "滨江一号",
        "building": "2",
        "unit": "2203",
        "customers": [{"name": "孙强", "id_number": "1"}],
    }
    answer = api(clerk).post("/api/v1/dossiers/", body, format="json")
    assert answer.status_code == 400 and "18 位" in answer.content.decode()


@pytest.fixture
def sale(clerk):
    from docstore.services import dossiers

    return dossiers.create_dossier(
        clerk, project="锦绣花园", building="8", unit="2101", customers=[{"name": "陈明", "id_number": VALID}]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "whole"), [("clerk", True), ("manager", True), ("field", False)])
def test_dossier_page_and_api_show_it_whole_only_to_clerk_and_manager(web, api, users, sale, who, whole):
    html = web(users[who]).get(sale.get_absolute_url()).content.decode()
    body = api(users[who]).get(f"/api/v1/dossiers/{sale.pk}/").json()
    shown = VALID if whole else MASKED
    assert shown in html and body["customers"][0]["id_number"] == shown
    if not whole:
        assert VALID not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("run_on_commit")
def test_search_snippet_masks_the_number(web, clerk, sale, doc_type):
    from demo.content import make_pdf
    from docstore.services import documents

    documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("借款合同", ["借款人：陈明"], pages=1)),
        filename="loan.pdf",
        title="借款合同 8-2101",
        doc_type=doc_type("loan_contract"),
        dossier=sale,
    )
    html = web(clerk).get(reverse("docstore:search"), {"q": "陈明"}).content.decode()
    assert "陈明" in html and MASKED in html and VALID not in html


@pytest.mark.django_db
def test_timeline_masks_a_number_typed_in_a_reason(web, clerk, field, manager, sale, document):
    from seals import services as seals
    from tests.workbench.builders import make_active_seal

    seal = make_active_seal(manager, clerk)
    item = {"version": document.current_version, "seal": seal, "impressions": 1}
    req = seals.create_request(field, purpose="抵押登记", recipient="bank", dossier=sale, items=[item])
    seals.reject_request(
        manager, seals.submit_request(field, req), reason=f"陈明 {VALID} 的身份证复印件不清晰"
    )
    html = web(clerk).get(reverse("workbench:dossier-timeline", args=[sale.pk])).content.decode()
    assert "身份证复印件不清晰" in html and MASKED in html and VALID not in html


@pytest.mark.django_db
def test_catalogue_export_masks_numbers_for_field_staff(web, clerk, field, document):
    from archive import services as archive
    from archive.models import ArchiveRecord

    record = archive.file_document(clerk, document, year=2026)
    ArchiveRecord.objects.filter(pk=record.pk).update(note=f"附身份证复印件 {VALID}")

    def exported(user):
        response = web(user).get(reverse("archive:index"), {"export": "csv"})
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert f"附身份证复印件 {MASKED}" in exported(field)[1]
    assert f"附身份证复印件 {VALID}" in exported(clerk)[1]
