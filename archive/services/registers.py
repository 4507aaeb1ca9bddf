"""Liaison letters (numbered per direction per year, gapless) and contract filings (备案)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from archive import conf, permissions, states
from archive.models import Filing, Letter, Original, PartyType
from archive.services import originals as original_services
from archive.services.numbering import letter_series, next_number
from archive.services.records import default_department
from core.errors import InvalidInput

LETTER_CATEGORY = "LH"
DIRECTION_MARK = {Letter.Direction.OUT: "F", Letter.Direction.IN: "S"}  # 发 / 收


def letter_number(department_code: str, direction: str, year: int, seq: int) -> str:
    """KFB-LH-F-2026-0001 for a sent letter, KFB-LH-S-2026-0001 for a received one."""
    return f"{department_code}-{LETTER_CATEGORY}-{DIRECTION_MARK[direction]}-{year}-{seq:04d}"


def register_letter(
    actor,
    *,
    direction: str,
    date: datetime.date,
    counterparty: str,
    subject: str,
    summary: str = "",
    document=None,
    reply_due: datetime.date | None = None,
    replies_to: Letter | None = None,
    dossier=None,
) -> Letter:
    """A letter, numbered; linked to a dossier (given, or its scan's) it shows on that unit's timeline."""
    permissions.require_keeper(actor)
    if dossier is None and document is not None:
        dossier = document.dossier
    elif dossier is not None and document is not None and document.dossier_id != dossier.pk:
        raise InvalidInput(_("扫描件不在所选案卷中。"), code="document_not_in_dossier")
    if direction not in Letter.Direction.values:
        raise InvalidInput(_("方向必须是收文或发文。"), code="bad_direction")
    counterparty, subject = (counterparty or "").strip(), (subject or "").strip()
    if not counterparty or not subject:
        raise InvalidInput(_("请填写对方单位和事由。"), code="required")
    if date > timezone.localdate():
        raise InvalidInput(_("日期不能晚于今天。"), code="future_date")
    if reply_due is not None and reply_due < date:
        raise InvalidInput(_("回复期限不能早于来函日期。"), code="bad_reply_due")
    if replies_to is not None:
        if replies_to.direction == direction:
            raise InvalidInput(_("回函必须答复相反方向的函件。"), code="bad_reply")
        replied = states.LETTER.check(replies_to, "reply")
    department = default_department()
    with transaction.atomic():
        year = date.year
        seq = next_number(letter_series(direction, year))
        letter = Letter.objects.create(
            direction=direction,
            year=year,
            seq=seq,
            number=letter_number(department.code, direction, year, seq),
            date=date,
            counterparty=counterparty[:100],
            subject=subject[:200],
            summary=summary or "",
            document=document,
            dossier=dossier,
            reply_due=reply_due,
            replies_to=replies_to,
            created_by=actor,
        )
        if replies_to is not None:
            Letter.objects.filter(pk=replies_to.pk).update(status=replied)
        audit.record(
            actor,
            "letter.registered",
            letter,
            number=letter.number,
            direction=direction,
            replies_to=replies_to.number if replies_to else None,
            dossier=dossier.unit_label if dossier else None,
        )
    return letter


def close_letter(actor, letter: Letter, *, note: str = "") -> Letter:
    permissions.require_keeper(actor)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        locked.status = states.LETTER.check(locked, "close")
        locked.save(update_fields=["status"])
        audit.record(actor, "letter.closed", locked, number=locked.number, note=note)
    return locked


FILING_TYPES = {
    Filing.Kind.ONLINE_FILING: {"sales_contract"},
    Filing.Kind.MORTGAGE_REGISTRATION: {"mortgage_registration", "mortgage_contract"},
}


def submit_filing(
    actor, document, *, kind: str, filing_number: str = "", original: Original | None = None, note: str = ""
) -> Filing:
    """Record a filing with the housing authority; the original sent along is checked out to it."""
    permissions.require_filing_staff(actor)
    if kind not in Filing.Kind.values:
        raise InvalidInput(_("未知的备案类型：%(k)s") % {"k": kind}, code="bad_kind")
    if document.doc_type.code not in FILING_TYPES[kind]:
        raise InvalidInput(
            _("%(kind)s 只适用于：%(types)s")
            % {"kind": Filing.Kind(kind).label, "types": "、".join(sorted(FILING_TYPES[kind]))},
            code="wrong_document_type",
        )
    if original is not None and original.document_id != document.pk:
        raise InvalidInput(_("送交的原件不属于该合同。"), code="wrong_original")
    now = timezone.now()
    with transaction.atomic():
        filing = Filing.objects.create(
            kind=kind,
            document=document,
            original=original,
            filing_number=(filing_number or "").strip()[:60],
            submitted_by=actor,
            submitted_at=now,
            note=(note or "")[:500],
        )
        if original is not None:
            if not permissions.can_keep(actor):
                raise InvalidInput(_("送交原件须由内勤或经理办理借出。"), code="keeper_required")
            original_services.check_out_original(
                actor,
                original,
                party_type=PartyType.HOUSING_AUTHORITY,
                holder_name=str(_("房管局")),
                purpose=str(Filing.Kind(kind).label),
                due_date=timezone.localdate(now) + datetime.timedelta(days=conf.filing_not_returned_days()),
            )
        audit.record(
            actor,
            "filing.submitted",
            filing,
            kind=kind,
            document=document.pk,
            original=original and original.pk,
        )
    return filing


def _transition(actor, filing: Filing, action: str, **fields) -> Filing:
    permissions.require_filing_staff(actor)
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        target = states.FILING.check(locked, action)
        before = locked.status
        locked.status = target
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        if action == "return" and locked.original_id:  # the original sent along comes back with it
            original = Original.objects.get(pk=locked.original_id)
            if states.ORIGINAL.allows(original, "return"):
                if not permissions.can_keep(actor):
                    raise InvalidInput(_("原件归还须由内勤或经理办理。"), code="keeper_required")
                original_services.return_original(actor, original, pages_complete=True, remarks=_("备案退回"))
        audit.record(actor, f"filing.{action}", locked, before=before, after=target)
    return locked


def accept_filing(actor, filing: Filing, *, filing_number: str = "") -> Filing:
    fields = {"accepted_at": timezone.now()}
    if filing_number.strip():
        fields["filing_number"] = filing_number.strip()[:60]
    return _transition(actor, filing, "accept", **fields)


def reject_filing(actor, filing: Filing, *, reason: str) -> Filing:
    if not (reason or "").strip():
        raise InvalidInput(_("请填写驳回理由。"), code="reason_required")
    return _transition(
        actor, filing, "reject", rejected_at=timezone.now(), reject_reason=reason.strip()[:500]
    )


def return_filing(actor, filing: Filing) -> Filing:
    return _transition(actor, filing, "return", returned_at=timezone.now())
