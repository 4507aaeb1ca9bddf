"""The customer ledger (客户台账) and customer payments (回款): kept by the clerk, audited; a payment is never
changed, a correction is a reversing entry."""

import datetime
import decimal
import io

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from cases import permissions, specs
from cases.models import Case, Payment, PaymentMethod, Sale
from cases.states import CaseStatus
from core.errors import Conflict, InvalidInput
from docstore.models import Dossier

MONEY = ("total_price", "down_payment", "loan_amount")
TEXT = {"phone": 32, "loan_bank": 60, "contract_number": 60, "filing_number": 60}


def _money(value, label):
    """An amount of the ledger: empty, zero (no down payment, no loan) or positive."""
    if value in (None, ""):
        return None
    try:
        if decimal.Decimal(str(value).replace(",", "").strip()) == 0:
            return decimal.Decimal("0.00")
    except (decimal.InvalidOperation, ValueError):
        pass
    return specs.parse_amount(value, label)


def clean_sale(changes: dict, today: datetime.date) -> dict:
    unknown = sorted(set(changes) - set(Sale.LEDGER_FIELDS))
    if unknown:
        raise InvalidInput(
            _("客户台账没有这些项：%(keys)s。") % {"keys": "、".join(unknown)}, code="bad_field"
        )
    cleaned = {}
    for key, value in changes.items():
        label = str(Sale._meta.get_field(key).verbose_name)
        if key in MONEY:
            cleaned[key] = _money(value, label)
        elif key in TEXT:
            cleaned[key] = str(value or "").strip()[: TEXT[key]]
        elif key == "payment_method":
            if value not in ("", None, *PaymentMethod.values):
                raise InvalidInput(_("付款方式无效。"), code="bad_value")
            cleaned[key] = value or ""
        elif key == "loan_years":
            if value in (None, ""):
                cleaned[key] = None
                continue
            try:
                years = int(value)
            except (TypeError, ValueError):
                years = 0
            if not 1 <= years <= 30:
                raise InvalidInput(_("贷款年限应在 1 到 30 年之间。"), code="bad_value")
            cleaned[key] = years
        elif key == "signed_on":
            if value in (None, ""):
                cleaned[key] = None
                continue
            try:
                day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
            except ValueError:
                raise InvalidInput(_("签约日期无效。"), code="bad_value") from None
            if day > today:
                raise InvalidInput(_("签约日期不能晚于今天。"), code="bad_value")
            cleaned[key] = day
    return cleaned


def _check_amounts(sale: Sale) -> None:
    total = sale.total_price
    for key in ("down_payment", "loan_amount"):
        value = getattr(sale, key)
        if total is not None and value is not None and value > total:
            raise InvalidInput(
                _("%(what)s不能超过总价。") % {"what": Sale._meta.get_field(key).verbose_name},
                code="bad_value",
            )


def save_sale(actor, dossier: Dossier, **changes) -> Sale:
    """Create or change the unit's ledger row; the event lists each changed value before and after."""
    permissions.require_ledger_keeper(actor)
    cleaned = clean_sale(changes, timezone.localdate())
    with transaction.atomic():
        sale = Sale.objects.select_for_update().filter(dossier=dossier).first()
        created = sale is None
        if created:
            sale = Sale(dossier=dossier, updated_by=actor)
        changed = {}
        for key, value in cleaned.items():
            before = getattr(sale, key)
            if before != value:
                changed[key] = {"before": before, "after": value}
                setattr(sale, key, value)
        _check_amounts(sale)
        if not changed and not created:
            return sale
        sale.updated_by = actor
        sale.save()
        if "loan_bank" in changed:  # the cases keep the bank for the pipeline
            Case.objects.filter(dossier=dossier, status=CaseStatus.OPEN).update(bank=sale.loan_bank)
        audit.record(
            actor,
            "sale.changed",
            sale,
            created=created,
            changes=changed,
            dossier=str(dossier),
            dossier_id=dossier.pk,
        )
    return sale


def _check_payment(date, amount, kind, voucher, today):
    if kind not in Payment.Kind.values:
        raise InvalidInput(_("款项类型无效。"), code="bad_kind")
    amount = specs.parse_amount(amount, _("金额"))
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            raise InvalidInput(_("收款日期无效。"), code="bad_date") from None
    if not isinstance(date, datetime.date) or date > today:
        raise InvalidInput(_("收款日期不能晚于今天。"), code="bad_date")
    voucher = (voucher or "").strip()
    if not voucher:
        raise InvalidInput(_("请填写收据或凭证号。"), code="voucher_required")
    return date, amount, voucher[:60]


def _store_scan(actor, dossier, scan, filename) -> "object | None":
    if scan is None:
        return None
    from docstore.models import DocumentType
    from docstore.services import documents

    data = scan.read() if hasattr(scan, "read") else scan
    return documents.create_document(
        actor,
        file=io.BytesIO(data),
        filename=filename or "voucher.pdf",
        title=_("收款凭证 %(unit)s") % {"unit": dossier.unit_label},
        doc_type=DocumentType.objects.get(code="payment_voucher"),
        dossier=dossier,
    )


def record_payment(
    actor, dossier: Dossier, *, date, amount, kind: str, voucher: str, bank: str = "", note: str = "",
    scan=None, scan_filename: str = "",
) -> Payment:  # fmt: skip
    """A customer payment as the clerk records it, with the receipt's scan when there is one."""
    permissions.require_ledger_keeper(actor)
    date, amount, voucher = _check_payment(date, amount, kind, voucher, timezone.localdate())
    with transaction.atomic():
        document = _store_scan(actor, dossier, scan, scan_filename)
        payment = Payment.objects.create(
            dossier=dossier, date=date, amount=amount, kind=kind, voucher=voucher, bank=(bank or "").strip()[:60],
            note=(note or "").strip()[:500], scan=document, created_by=actor,
        )  # fmt: skip
        audit.record(actor, "payment.recorded", payment, kind=kind, amount=amount, voucher=voucher,
                     dossier=str(dossier), dossier_id=dossier.pk)  # fmt: skip
    return payment


def record_loan_release(actor, dossier: Dossier, *, step, amount, date, voucher: str, bank: str) -> Payment:
    """The loan release recorded on a case's 放款 step (inside that step's transaction and audit event)."""
    date, amount, voucher = _check_payment(
        date, amount, Payment.Kind.LOAN_RELEASE, voucher, timezone.localdate()
    )
    return Payment.objects.create(
        dossier=dossier, date=date, amount=amount, kind=Payment.Kind.LOAN_RELEASE, voucher=voucher,
        bank=(bank or "")[:60], step=step, created_by=actor,
    )  # fmt: skip


def reverse_payment(actor, payment: Payment, *, reason: str) -> Payment:
    """The correction of a recorded payment: a row of the opposite amount, dated today, naming the original."""
    permissions.require_ledger_keeper(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写冲销原因。"), code="reason_required")
    if payment.reverses_id is not None:
        raise Conflict(_("这是一笔冲销记录，不能再冲销。"), code="is_reversal")
    try:
        with transaction.atomic():
            if Payment.objects.filter(reverses=payment).exists():
                raise Conflict(_("这笔收款已冲销。"), code="already_reversed")
            reversal = Payment.objects.create(
                dossier_id=payment.dossier_id, date=timezone.localdate(), amount=-payment.amount, kind=payment.kind,
                voucher=payment.voucher, bank=payment.bank, note=reason[:500], reverses=payment, created_by=actor,
            )  # fmt: skip
            audit.record(actor, "payment.reversed", reversal, reverses=payment.pk, amount=reversal.amount,
                         reason=reason, dossier_id=payment.dossier_id)  # fmt: skip
    except IntegrityError as exc:  # the one-to-one: reversed at the same moment by someone else
        raise Conflict(_("这笔收款已冲销。"), code="already_reversed") from exc
    return reversal
