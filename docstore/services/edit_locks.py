"""The edit lock (签出 / 签入): one holder at a time, an expiry, forced check-in by the manager.

Its transitions are the table `docstore.states.EDIT_LOCK`. The lock is enforced twice: `documents.add_version`
calls `require_unlocked` (registered in `documents.before_version_hooks` by `apps.ready()`) before and inside
its transaction, and the database keeps at most one unreleased lock per document (a partial unique
constraint), so that two racing locks cannot both win on SQLite or PostgreSQL.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.roles import MANAGER, require_role
from core.errors import Conflict, InvalidInput
from docstore import conf, freezing, permissions, selectors
from docstore.models import CheckOut, Document, Version
from docstore.services.documents import add_version
from docstore.states import EDIT_LOCK, RELEASE_REASONS, LockState, lock_state
from notifications.events import Event
from notifications.services import notify

FORCED = Event("checkout.forced", gettext_lazy("我签出的文档被强制签入"), gettext_lazy("文档"))


def _held_by_other(lock: CheckOut) -> Conflict:
    since = timezone.localtime(lock.checked_out_at)
    return Conflict(
        _("此文档已被 %(holder)s 于 %(since)s 签出，签入前只有签出人可以添加版本。")
        % {"holder": lock.holder.label, "since": since.strftime("%Y-%m-%d %H:%M")},
        code="checked_out",
        holder=lock.holder.label,
        holder_username=lock.holder.get_username(),
        since=since.isoformat(),
        expires_at=timezone.localtime(lock.expires_at).isoformat(),
    )


def require_unlocked(document, actor) -> None:
    """The hook of documents.add_version: while a lock is active, only its holder adds versions."""
    lock = selectors.active_lock(document)
    if lock_state(lock) != LockState.ACTIVE or lock.holder_id == actor.pk:
        return
    raise _held_by_other(lock)


def _release(lock: CheckOut, action: str, *, by, note: str = "", now=None) -> None:
    EDIT_LOCK.check(lock_state(lock, now), action)
    lock.released_at = timezone.now()
    lock.released_by = by if getattr(by, "pk", None) else None
    lock.release_reason = RELEASE_REASONS[action]
    lock.note = (note or "")[:500]
    lock.save(update_fields=["released_at", "released_by", "release_reason", "note"])


def lock_for_edit(actor, document: Document, *, expires_at: datetime | None = None) -> CheckOut:
    """Check the document out (签出): until check-in or expiry only the actor adds versions. A filed or
    disposed document is not checked out for editing: it takes no new version."""
    permissions.require_can_edit(actor, document=document)
    freezing.require_not_frozen(document)
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
            current = selectors.active_lock(document)
            if EDIT_LOCK.allows(lock_state(current, now), "expire"):  # a lapsed lock goes on the way
                _release(current, "expire", by=None, now=now)
                audit.record(None, "checkout.expired", document, holder=current.holder.get_username())
            if not EDIT_LOCK.allows(lock_state(current, now), "lock"):
                if current.holder_id == actor.pk:
                    raise Conflict(_("您已签出此文档。"), code="already_checked_out")
                raise _held_by_other(current)
            lock = CheckOut.objects.create(
                document=document, holder=actor, checked_out_at=now, expires_at=expires_at
            )
            audit.record(actor, "checkout.created", document, expires_at=expires_at.isoformat())
    except IntegrityError as exc:  # the other racer committed first
        current = selectors.active_lock(document)
        if current is not None:
            raise _held_by_other(current) from exc
        raise Conflict(_("签出失败，请重试。"), code="checked_out") from exc
    return lock


def _held_by(actor, document) -> CheckOut:
    current = selectors.active_lock(document)
    if not EDIT_LOCK.allows(current, "unlock"):
        raise Conflict(_("此文档未被签出，或签出已到期。"), code="not_checked_out")
    if not EDIT_LOCK.can(actor, current, "unlock"):
        raise _held_by_other(current)
    return current


def unlock_after_edit(
    actor, document: Document, *, file=None, filename: str = "", comment: str = ""
) -> Version | None:
    """Check in (签入): release the holder's lock, optionally adding the edited file as a new version
    first (in the same transaction: a refused file keeps the lock)."""
    permissions.require_can_edit(actor, document=document)
    _held_by(actor, document)
    with transaction.atomic():
        version = None
        if file is not None:
            version = add_version(actor, document, file=file, filename=filename, comment=comment)
        current = CheckOut.objects.select_for_update().filter(pk=_held_by(actor, document).pk).get()
        _release(current, "unlock", by=actor, note=comment)
        audit.record(actor, "checkout.checked_in", document, version=version.number if version else None)
    return version


def force_unlock(actor, document: Document, *, reason: str = "") -> CheckOut:
    """Forced check-in: the manager breaks someone's lock. Audited; the holder sees it on their check-out
    list and is told (inbox, and mail or robots as they chose)."""
    require_role(actor, MANAGER, message=_("只有客服部经理可以强制签入。"))
    with transaction.atomic():
        current = selectors.active_lock(document)
        if not EDIT_LOCK.allows(current, "force"):
            raise Conflict(_("此文档未被签出。"), code="not_checked_out")
        _release(current, "force", by=actor, note=reason)
        audit.record(
            actor, "checkout.forced", document, holder=current.holder.get_username(), reason=reason or ""
        )
        notify(
            FORCED,
            recipients=[current.holder],
            link=document.get_absolute_url(),
            subject=gettext_lazy("您签出的文档已被强制签入"),
            body=gettext_lazy("%(actor)s 强制签入了您签出的文档《%(title)s》。原因：%(reason)s"),
            params={"actor": actor.label, "title": document.title, "reason": reason or "—"},
            key=str(current.pk),
            actor=actor,
        )
    return current


def release_expired_locks(now=None) -> int:
    """The sweep: release every lock past its expiry. Returns how many were released."""
    now = now or timezone.now()
    released = 0
    for pk in CheckOut.objects.filter(released_at__isnull=True, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            lock = (
                CheckOut.objects.select_for_update()
                .select_related("holder", "document")
                .filter(pk=pk, released_at__isnull=True)
                .first()
            )
            if lock is None or not EDIT_LOCK.allows(lock_state(lock, now), "expire"):
                continue
            _release(lock, "expire", by=None, now=now)
            audit.record(None, "checkout.expired", lock.document, holder=lock.holder.get_username())
            released += 1
    return released
