"""What the cases app tells people (through `notifications`): a case step past its due date, to the case's
owner and the managers, at most once a day per step."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER
from cases import selectors
from notifications.events import Event
from notifications.selectors import people_with_role
from notifications.services import remind

STEP_OVERDUE = Event("case_step.overdue", _("业务步骤逾期"), _("逾期提醒"))


def remind_overdue_steps(day=None, owner=None) -> list[tuple]:
    """Open cases whose current step is overdue (everyone's, or one owner's): the owner and the managers are
    told, once a day per step (the step's number is part of the item, so the next step's delay is news).
    Returns [(case, people told now)]."""
    day = day or timezone.localdate()
    managers = list(people_with_role(MANAGER))
    told = []
    for case in selectors.overdue_cases(owner).iterator(chunk_size=500):
        messages = remind(
            STEP_OVERDUE,
            item=f"{case.pk}.{case.current_number}",
            recipients=[case.owner, *managers],
            link=reverse("cases:step", args=[case.pk, case.current_number]),
            subject=_("业务步骤逾期：%(unit)s %(step)s"),
            body=_("%(unit)s 的%(case)s第 %(n)s 步“%(step)s”应于 %(due)s 前完成，已逾期 %(days)s 天。"),
            params={
                "unit": str(case.dossier),
                "case": case.name,
                "n": case.current_number,
                "step": case.current_name,
                "due": case.current_due.isoformat(),
                "days": (day - case.current_due).days,
            },
            day=day,
        )
        told.append((case, [m.recipient for m in messages]))
    return told
