"""Using a batch application at once: every electronic item stamped, every physical item recorded.

Each item stays bound to its own approved version hash: the per-item use cases do the work and their checks;
these only choose the items that `actor` may use and refuse before anything is done when one of them cannot be.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden
from seals.models import SealRequest, SealRequestItem
from seals.services.stamping import _check_usable, _require_apart, can_stamp, record_impressions, stamp_item

ELECTRONIC, PHYSICAL = SealRequestItem.Mode.ELECTRONIC, SealRequestItem.Mode.PHYSICAL


def _items(req: SealRequest, mode: str):
    return list(
        SealRequestItem.objects.filter(request=req, mode=mode).select_related(
            "request", "seal", "version__document"
        )
    )


def stamp_all(actor, req: SealRequest) -> list:
    """Stamp every electronic item with impressions left that `actor` may stamp; the new versions, in order."""
    left = [i for i in _items(req, ELECTRONIC) if i.used < i.impressions]
    items = [i for i in left if can_stamp(actor, i)]
    if left and not items:
        raise Forbidden(_("只有申请人或印章保管人可以用印。"), code="not_stamper")
    if not items:
        raise Conflict(_("没有可电子用印的明细。"), code="nothing_to_use")
    for item in items:  # refuse before stamping any: expired, revoked, changed version, approver...
        _require_apart(actor, item)
        _check_usable(item, "stamp", 0)
    return [stamp_item(actor, item) for item in items]


def record_all(actor, req: SealRequest, *, made_on=None, reason: str = "") -> list:
    """Record every physical item of seals `actor` keeps with the impressions it has left, all or none."""
    left = [i for i in _items(req, PHYSICAL) if i.used < i.impressions]
    items = [i for i in left if i.seal.custodian_id == actor.pk]
    if left and not items:
        raise Forbidden(_("只有印章保管人可以登记实物用印。"), code="not_custodian")
    if not items:
        raise Conflict(_("没有可登记的实物用印明细。"), code="nothing_to_use")
    with transaction.atomic():
        return [
            record_impressions(
                actor, item, count=item.impressions - item.used, made_on=made_on, reason=reason
            )
            for item in items
        ]
