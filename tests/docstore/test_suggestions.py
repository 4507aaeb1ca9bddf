"""Suggestions on the document page, confirmed with one click into the dossier (a customer's ID number) or the
document's metadata: audited, reindexed, never filled silently; forbidden roles, values not in the text."""

import pytest

from accounts.models import AuditEvent
from core.errors import Forbidden, InvalidInput
from demo.content import make_pdf
from docstore import search
from docstore.models import Customer, Document
from docstore.services import suggestions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
TEXT = [
    "合同编号：HT-2026-00777",
    "买受人：陈明，身份证号：110101199003074514",
    "房屋坐落：锦绣花园第3栋3-1502室",
    "总价款为人民币（大写）壹佰贰拾叁万肆仟伍佰陆拾柒元整（小写：1,234,567.00元）",
    "签订日期：2026年7月15日",
]


@pytest.fixture
def contract(make_document):
    return make_document(
        make_pdf("商品房买卖合同", TEXT), "contract.pdf", title="买卖合同", code="sales_contract"
    )


def test_the_document_page_shows_the_suggestions_and_fills_nothing(web, clerk, contract, dossier):
    html = web(clerk).get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="suggestions"' in html
    for value in ("HT-2026-00777", "110101199003074514", "3-1502", "1234567.00", "2026-07-15"):
        assert value in html
    assert "大小写一致" in html and "设为陈明的证件号" in html
    contract.refresh_from_db()
    assert contract.metadata == {}
    assert Customer.objects.get(dossier=dossier).id_number == "110101198003071234"


def test_one_click_fills_the_metadata_audited_and_searchable(web, clerk, contract):
    response = web(clerk).post(
        f"/documents/{contract.pk}/suggestions/", {"kind": "contract_number", "value": "HT-2026-00777"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.metadata == {"合同编号": "HT-2026-00777"}
    event = AuditEvent.objects.filter(action="document.suggestion_confirmed").get()
    assert event.details["value"] == "HT-2026-00777" and event.details["key"] == "合同编号"
    assert event.actor == clerk
    assert "HT-2026-00777" in Document.objects.get(pk=contract.pk).search_entry.content
    html = web(clerk).get(contract.get_absolute_url()).content.decode()
    assert "已填入" in html


def test_an_id_number_goes_to_the_chosen_customer_of_the_dossier(clerk, contract, dossier):
    customer = Customer.objects.get(dossier=dossier)
    suggestions.confirm(
        clerk, contract, kind="id_number", value="110101199003074514", customer_id=customer.pk
    )
    customer.refresh_from_db()
    assert customer.id_number == "110101199003074514"
    event = AuditEvent.objects.filter(action="document.suggestion_confirmed").get()
    assert event.details["before"] == "110101198003071234" and event.details["customer"] == "陈明"
    assert [pk for pk, _ in search.ranked_ids(search.parse("110101199003074514"))] == [contract.pk]


def test_bad_input_is_refused(clerk, contract, make_document):
    with pytest.raises(InvalidInput):  # not in the text
        suggestions.confirm(clerk, contract, kind="contract_number", value="HT-9999")
    with pytest.raises(InvalidInput):
        suggestions.confirm(clerk, contract, kind="colour", value="red")
    other = Customer.objects.create(dossier=_other_dossier(clerk), name="外人")
    with pytest.raises(InvalidInput):  # a customer of another dossier
        suggestions.confirm(
            clerk, contract, kind="id_number", value="110101199003074514", customer_id=other.pk
        )
    loose = make_document(make_pdf("无案卷", TEXT), "loose.pdf", title="无案卷", target_dossier=None)
    with pytest.raises(InvalidInput):
        suggestions.confirm(clerk, loose, kind="id_number", value="110101199003074514")
    assert not AuditEvent.objects.filter(action="document.suggestion_confirmed").exists()


def test_forbidden_roles(web, field, outsider, contract, dossier):
    customer = Customer.objects.get(dossier=dossier)
    with pytest.raises(Forbidden):  # field staff edit documents but not dossiers
        suggestions.confirm(
            field, contract, kind="id_number", value="110101199003074514", customer_id=customer.pk
        )
    response = web(outsider).post(
        f"/documents/{contract.pk}/suggestions/", {"kind": "unit", "value": "3-1502"}
    )
    assert response.status_code == 403
    html = web(field).get(contract.get_absolute_url()).content.decode()
    assert "设为陈明的证件号" not in html and "填入元数据" in html
    contract.refresh_from_db()
    assert contract.metadata == {}


def test_the_form_shows_why_a_confirmation_failed(web, clerk, contract):
    response = web(clerk).post(
        f"/documents/{contract.pk}/suggestions/", {"kind": "unit", "value": "9-9999"}, follow=True
    )
    assert "该建议不在当前版本的文本中。" in response.content.decode()


def _other_dossier(clerk):
    from docstore.services import dossiers

    return dossiers.create_dossier(clerk, project="滨江一号", building="1", unit="101")


def test_a_filed_documents_metadata_is_the_archives(clerk, contract, file_it, dossier):
    """A filed contract is frozen (issue 9.4): its metadata is corrected through the archive, not here; the
    customer's ID number, which belongs to the dossier, can still be taken from it."""
    from core.errors import Conflict

    file_it(contract)
    with pytest.raises(Conflict) as refused:
        suggestions.confirm(clerk, contract, kind="contract_number", value="HT-2026-00777")
    assert refused.value.code == "filed"
    assert Document.objects.get(pk=contract.pk).metadata == {}
    customer = Customer.objects.create(dossier=dossier, name="陈明")
    suggestions.confirm(
        clerk, contract, kind="id_number", value="110101199003074514", customer_id=customer.pk
    )
    assert Customer.objects.get(pk=customer.pk).id_number == "110101199003074514"
