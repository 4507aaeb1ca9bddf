"""The customer ledger and payments: audited edits, immutable payments corrected by reversing entries, and the
loan release recorded on the 放款 step."""

import datetime
import decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import AuditEvent
from cases import services
from cases.models import Case, ImmutableError, Payment, Sale
from core.errors import Conflict, Forbidden, InvalidInput
from tests.cases.conftest import step_of

pytestmark = pytest.mark.django_db
D = decimal.Decimal


def test_the_clerk_keeps_the_ledger_and_every_change_is_audited(clerk, dossier):
    sale = services.save_sale(clerk, dossier, phone="13900001111", total_price="1,860,000", payment_method="commercial",
                              loan_bank="建设银行", loan_amount="1300000", loan_years=25, signed_on="2026-01-05")  # fmt: skip
    assert (sale.total_price, sale.loan_amount, sale.loan_years) == (D("1860000.00"), D("1300000.00"), 25)
    services.save_sale(clerk, dossier, loan_bank="工商银行")
    event = AuditEvent.objects.filter(action="sale.changed").order_by("seq").last()
    assert event.details["changes"] == {"loan_bank": {"before": "建设银行", "after": "工商银行"}}
    services.save_sale(clerk, dossier, loan_bank="工商银行")  # nothing changed: no event
    assert AuditEvent.objects.filter(action="sale.changed").count() == 2


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_field_staff_do_not_edit_the_ledger(users, dossier, who):
    with pytest.raises(Forbidden):
        services.save_sale(users[who], dossier, phone="1")
    assert not Sale.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"total_price": "100", "loan_amount": "200"}, {"payment_method": "cash"}, {"loan_years": 99},
     {"signed_on": "2999-01-01"}, {"total_price": "-5"}, {"colour": "red"}, {"total_price": "abc"}],
)  # fmt: skip
def test_bad_ledger_values_are_refused(clerk, dossier, changes):
    with pytest.raises(InvalidInput):
        services.save_sale(clerk, dossier, **changes)
    assert not Sale.objects.exists()


def test_a_payment_is_recorded_with_its_scan(clerk, dossier, pdf_bytes):
    import io

    payment = services.record_payment(clerk, dossier, date=timezone.localdate(), amount="50000", kind="deposit",
                                      voucher="SJ-0001", scan=io.BytesIO(pdf_bytes), scan_filename="收据.pdf")  # fmt: skip
    assert payment.amount == D("50000.00") and payment.scan.doc_type.code == "payment_voucher"
    assert payment.scan.dossier == dossier
    assert AuditEvent.objects.get(action="payment.recorded").details["voucher"] == "SJ-0001"


@pytest.mark.parametrize(
    "bad",
    [{"amount": "0"}, {"amount": "-10"}, {"amount": "1.234"}, {"kind": "gift"}, {"voucher": " "},
     {"date": timezone.localdate() + datetime.timedelta(days=1)}, {"amount": "NaN"}],
)  # fmt: skip
def test_bad_payments_are_refused(clerk, dossier, bad):
    data = {"date": timezone.localdate(), "amount": "100", "kind": "fees", "voucher": "V1", **bad}
    with pytest.raises(InvalidInput):
        services.record_payment(clerk, dossier, **data)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["field", "outsider"])
def test_payments_are_recorded_by_the_clerk(users, dossier, who):
    with pytest.raises(Forbidden):
        services.record_payment(
            users[who], dossier, date=timezone.localdate(), amount="1", kind="fees", voucher="V"
        )


@pytest.fixture
def payment(clerk, dossier):
    return services.record_payment(clerk, dossier, date=timezone.localdate(), amount="300000", kind="down_payment",
                                   voucher="SJ-0002")  # fmt: skip


def test_a_payment_never_changes(payment):
    payment.amount = D("1")
    with pytest.raises(ImmutableError):
        payment.save()
    with pytest.raises(ImmutableError):
        payment.delete()
    for statement in ("UPDATE cases_payment SET amount = 1", "DELETE FROM cases_payment"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert Payment.objects.get(pk=payment.pk).amount == D("300000.00")


def test_a_correction_is_a_reversing_entry(payment, clerk, manager):
    with pytest.raises(InvalidInput):
        services.reverse_payment(clerk, payment, reason="")
    reversal = services.reverse_payment(clerk, payment, reason="金额录错")
    assert (reversal.amount, reversal.reverses, reversal.kind, reversal.voucher) == (
        D("-300000.00"), payment, "down_payment", "SJ-0002")  # fmt: skip
    assert Payment.objects.filter(dossier=payment.dossier).aggregate(s=Sum("amount"))["s"] == D("0.00")
    with pytest.raises(Conflict) as exc:
        services.reverse_payment(manager, payment, reason="再冲一次")
    assert exc.value.code == "already_reversed"
    with pytest.raises(Conflict) as exc:
        services.reverse_payment(clerk, reversal, reason="冲销冲销")
    assert exc.value.code == "is_reversal"
    assert AuditEvent.objects.get(action="payment.reversed").details["reverses"] == payment.pk


def test_field_staff_do_not_reverse(payment, field):
    with pytest.raises(Forbidden):
        services.reverse_payment(field, payment, reason="x")


def test_the_loan_release_step_records_a_payment(manager, field, clerk, dossier, add_doc):
    services.save_sale(clerk, dossier, loan_bank="建设银行城南支行", loan_amount="1300000")
    template = services.create_template(manager, code="release", name="放款", kind="mortgage", steps=[
        {"name": "放款", "owner_role": "field_staff", "required_types": ["loan_release_notice"],
         "fields": ["amount", "date", "notice_no"], "effect": "loan_release", "milestone": "release"},
        {"name": "通知财务", "owner_role": "field_staff", "fields": ["amount", "reported_to", "date"],
         "milestone": "reported"},
    ])  # fmt: skip
    case = services.open_case(field, dossier, template)
    add_doc(dossier, "loan_release_notice")
    with pytest.raises(InvalidInput) as exc:
        services.complete_step(field, step_of(case, 1), data={"notice_no": "FK-1"})
    assert exc.value.code == "value_required" and "金额" in str(exc.value.detail)
    day = timezone.localdate() - datetime.timedelta(days=1)
    services.complete_step(field, step_of(case, 1), data={"amount": "1300000", "date": day.isoformat(),
                                                          "notice_no": "FK-1"})  # fmt: skip
    payment = Payment.objects.get()
    assert (payment.kind, payment.amount, payment.date, payment.voucher, payment.bank, payment.step) == (
        "loan_release", D("1300000.00"), day, "FK-1", "建设银行城南支行", step_of(case, 1))  # fmt: skip
    case = Case.objects.get(pk=case.pk)
    assert case.released_on == day and case.milestones == {"release": day.isoformat()}
    event = AuditEvent.objects.get(action="case.step_completed")
    assert event.details["payment"] == payment.pk


def test_the_cases_keep_the_units_bank(mortgage, clerk, manager, dossier, other_dossier):
    services.save_sale(clerk, dossier, loan_bank="建设银行")
    assert Case.objects.get(pk=mortgage.pk).bank == "建设银行"
    services.save_sale(clerk, other_dossier, loan_bank="工商银行")
    services.move_case(manager, mortgage, other_dossier, reason="调房")
    assert Case.objects.get(pk=mortgage.pk).bank == "工商银行"
