"""Edit check-out (签出) and check-in (签入): one holder at a time, an expiry, forced check-in by the manager.

The lock is enforced twice: `services.add_version` calls `require_unlocked` (registered in
`services.before_version_hooks`) before and inside its transaction, and the database keeps at most one
unreleased check-out per document (a partial unique constraint), so that two racing check-outs cannot both
win on SQLite or PostgreSQL.
"""

import logging
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.roles import MANAGER, require_role
from core.errors import Conflict, InvalidInput
from docstore import conf, permissions
from docstore.models import CheckOut, Document, Version

log = logging.getLogger(__name__)


def active_checkout(document) -> CheckOut | None:
    return (
        CheckOut.objects.filter(document=document, released_at__isnull=True).select_related("holder").first()
    )


def _conflict(checkout: CheckOut) -> Conflict:
    since = timezone.localtime(checkout.checked_out_at)
    return Conflict(
        _("此文档已被 %(holder)s 于 %(since)s 签出，签入前只有签出人可以添加版本。")
        % {"holder": checkout.holder.label, "since": since.strftime("%Y-%m-%d %H:%M")},
        code="checked_out",
        holder=checkout.holder.label,
        holder_username=checkout.holder.get_username(),
        since=since.isoformat(),
        expires_at=timezone.localtime(checkout.expires_at).isoformat(),
    )


def require_unlocked(document, actor) -> None:
    """The hook of services.add_version: only the holder of a live check-out may add versions."""
    checkout = active_checkout(document)
    if checkout is None or checkout.holder_id == actor.pk or checkout.is_expired():
        return
    raise _conflict(checkout)


def _release(checkout: CheckOut, *, by, reason: str, note: str = "") -> None:
    checkout.released_at = timezone.now()
    checkout.released_by = by if getattr(by, "pk", None) else None
    checkout.release_reason = reason
    checkout.note = (note or "")[:500]
    checkout.save(update_fields=["released_at", "released_by", "release_reason", "note"])


def check_out(actor, document: Document, *, expires_at: datetime | None = None) -> CheckOut:
    permissions.require_can_edit(actor, document=document)
    now = timezone.now()
    if expires_at is None:
        expires_at = now + timedelta(hours=conf.checkout_hours())
    elif timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now:
        raise InvalidInput(_("到期时间必须晚于现在。"), code="invalid_expiry")
    try:
        with transaction.atomic():
            Document.objects.select_for_update().filter(pk=document.pk).first()
            current = active_checkout(document)
            if current is not None:
                if not current.is_expired(now):
                    if current.holder_id == actor.pk:
                        raise Conflict(_("您已签出此文档。"), code="already_checked_out")
                    raise _conflict(current)
                _release(current, by=None, reason=CheckOut.Release.EXPIRED)
                audit.record(None, "checkout.expired", document, holder=current.holder.get_username())
            checkout = CheckOut.objects.create(
                document=document, holder=actor, checked_out_at=now, expires_at=expires_at
            )
            audit.record(actor, "checkout.created", document, expires_at=expires_at.isoformat())
    except IntegrityError as exc:  # the other racer committed first
        current = active_checkout(document)
        if current is not None:
            raise _conflict(current) from exc
        raise Conflict(_("签出失败，请重试。"), code="checked_out") from exc
    return checkout


def _held_by(actor, document) -> CheckOut:
    current = active_checkout(document)
    if current is None or current.is_expired():
        raise Conflict(_("此文档未被签出，或签出已到期。"), code="not_checked_out")
    if current.holder_id != actor.pk:
        raise _conflict(current)
    return current


def check_in(
    actor, document: Document, *, file=None, filename: str = "", comment: str = ""
) -> Version | None:
    """Release the holder's check-out, optionally adding the edited file as a new version first."""
    from docstore import services

    permissions.require_can_edit(actor, document=document)
    _held_by(actor, document)
    with transaction.atomic():
        version = None
        if file is not None:
            version = services.add_version(actor, document, file=file, filename=filename, comment=comment)
        current = CheckOut.objects.select_for_update().filter(pk=_held_by(actor, document).pk).get()
        _release(current, by=actor, reason=CheckOut.Release.CHECK_IN, note=comment)
        audit.record(actor, "checkout.checked_in", document, version=version.number if version else None)
    return version


def force_check_in(actor, document: Document, *, reason: str = "") -> CheckOut:
    """The manager breaks someone's lock. Audited; the holder sees it on their check-out list (and by mail
    when they have an address)."""
    require_role(actor, MANAGER, message=_("只有客服部经理可以强制签入。"))
    with transaction.atomic():
        current = active_checkout(document)
        if current is None:
            raise Conflict(_("此文档未被签出。"), code="not_checked_out")
        _release(current, by=actor, reason=CheckOut.Release.FORCED, note=reason)
        audit.record(
            actor, "checkout.forced", document, holder=current.holder.get_username(), reason=reason or ""
        )
        holder, title = current.holder, document.title
        transaction.on_commit(lambda: _tell_holder(holder, actor, title, reason))
    return current


def _tell_holder(holder, actor, title, reason) -> None:
    if not holder.email:
        return
    try:
        send_mail(
            _("您签出的文档已被强制签入"),
            _("%(actor)s 强制签入了您签出的文档《%(title)s》。原因：%(reason)s")
            % {"actor": actor.label, "title": title, "reason": reason or "—"},
            None,
            [holder.email],
        )
    except Exception:  # mail is a courtesy; the list and the audit trail carry the fact
        log.exception("could not mail %s about a forced check-in", holder.pk)


def release_expired(now=None) -> int:
    """The sweep: release every check-out past its expiry. Returns how many were released."""
    now = now or timezone.now()
    released = 0
    for pk in CheckOut.objects.filter(released_at__isnull=True, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            checkout = (
                CheckOut.objects.select_for_update()
                .select_related("holder", "document")
                .filter(pk=pk, released_at__isnull=True)
                .first()
            )
            if checkout is None:
                continue
            _release(checkout, by=None, reason=CheckOut.Release.EXPIRED)
            audit.record(None, "checkout.expired", checkout.document, holder=checkout.holder.get_username())
            released += 1
    return released
