"""The edit lock's state table (the `core.states` convention).

A lock (CheckOut) is active until it is released; past its expiry it has lapsed, which no longer holds the
document but is only released (as expired) by the sweep or by the next lock. A document without a lock is
in the released state. Each way of releasing records its reason (`CheckOut.Release`).
"""

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER, has_role
from core.states import StateMachine, T
from docstore.models import CheckOut


class LockState(models.TextChoices):
    ACTIVE = "active", _("签出中")
    LAPSED = "lapsed", _("已到期")
    RELEASED = "released", _("已释放")


def lock_state(lock: CheckOut | None, now: datetime | None = None) -> str:
    if lock is None or lock.released_at is not None:
        return LockState.RELEASED
    return LockState.LAPSED if lock.is_expired(now) else LockState.ACTIVE


class EditLockMachine(StateMachine):
    """The state is worked out from the lock (or its absence), not read from a field."""

    def state_of(self, obj) -> str:
        return obj if isinstance(obj, str) else lock_state(obj)


S = LockState
EDIT_LOCK = EditLockMachine(
    name="docstore.edit_lock",
    states=LockState,
    transitions=[
        T("lock", S.RELEASED, S.ACTIVE, label=_("签出")),
        # Only the holder checks in; the service raises 409 naming the holder for anyone else.
        T(
            "unlock",
            S.ACTIVE,
            S.RELEASED,
            guard=lambda user, lock: lock.holder_id == getattr(user, "pk", None),
            label=CheckOut.Release.CHECK_IN.label,
        ),
        T(
            "force",
            {S.ACTIVE, S.LAPSED},
            S.RELEASED,
            guard=lambda user, lock: has_role(user, MANAGER),
            label=CheckOut.Release.FORCED.label,
        ),
        T("expire", S.LAPSED, S.RELEASED, label=CheckOut.Release.EXPIRED.label),
    ],
    initial=(S.RELEASED,),
    by_time=((S.ACTIVE, S.LAPSED),),
    services={
        "lock": "docstore.services.edit_locks.lock_for_edit",
        "unlock": "docstore.services.edit_locks.unlock_after_edit",
        "force": "docstore.services.edit_locks.force_unlock",
        "expire": "docstore.services.edit_locks.release_expired_locks",
    },
)

# The reason each release records on the lock.
RELEASE_REASONS = {
    "unlock": CheckOut.Release.CHECK_IN,
    "force": CheckOut.Release.FORCED,
    "expire": CheckOut.Release.EXPIRED,
}
