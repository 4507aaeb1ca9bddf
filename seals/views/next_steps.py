"""What happens next to a seal request and who does it: the words every party sees on the request's page."""

from django.utils.translation import gettext as _

from seals import states
from seals.models import SealRequestItem

RS = states.RequestStatus


def next_steps(req, approvers=()) -> list[str]:
    """What happens next to this request and who does it, in words every party sees on its page;
    `approvers`: who may fill the current step's seats now."""

    def names(people) -> str:
        return _("、").join(p.label for p in people) or _("（无人）")

    requester = req.requester.label
    if req.status in (RS.DRAFT, RS.RETURNED):
        return [_("下一步：申请人 %(who)s 修改后提交审批。") % {"who": requester}]
    if req.status == RS.SUBMITTED:
        return [_("下一步：等待审批，审批人：%(who)s。") % {"who": names(approvers)}]
    if req.status in (RS.APPROVED, RS.PARTLY_STAMPED):
        steps = []
        for item in req.items.all():
            left = item.impressions - item.used
            if left <= 0:
                continue
            words = {
                "doc": item.version.document.title,
                "seal": item.seal.name,
                "n": left,
                "who": requester,
                "keeper": item.seal.custodian.label,
            }
            if item.mode == SealRequestItem.Mode.ELECTRONIC:
                line = _(
                    "下一步：《%(doc)s》电子用印（%(seal)s，尚余 %(n)s 次），由申请人 %(who)s 或保管人 %(keeper)s 在本页操作。"
                )
            else:
                line = _(
                    "下一步：申请人 %(who)s 持《%(doc)s》到保管人 %(keeper)s 处加盖%(seal)s（尚余 %(n)s 次），由保管人登记实物用印。"
                )
            steps.append(line % words)
        steps.append(_("用印完成后，由申请人 %(who)s 或经理关闭申请。") % {"who": requester})
        return steps
    if req.status == RS.STAMPED:
        return [_("下一步：申请人 %(who)s 或经理关闭申请。") % {"who": requester}]
    return [_("此申请已结束。")]
