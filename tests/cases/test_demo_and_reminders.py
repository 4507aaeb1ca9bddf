"""The demo's cases (a dozen units, an overdue step, a 退房; a second run changes nothing) and the reminders."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases import services
from cases.models import Case, Step
from notifications.models import Message

pytestmark = pytest.mark.django_db


def test_case_reminders_lists_the_overdue_steps(mortgage, field, dossier, template):
    card = services.open_case(field, dossier, template("house_card"))
    past = timezone.localdate() - datetime.timedelta(days=2)
    Step.objects.filter(case=mortgage, status="active").update(due_at=past)
    Case.objects.filter(pk=mortgage.pk).update(current_due=past)
    out = io.StringIO()
    call_command("case_reminders", stdout=out)
    text = out.getvalue()
    assert f"商业贷款 #{mortgage.pk} step 1 资料收齐 owner=field1 due={past} -> " in text
    assert f"#{card.pk}" not in text and text.strip().endswith("1 case steps overdue")
    out = io.StringIO()
    call_command("case_reminders", "--owner", "clerk1", stdout=out)
    assert out.getvalue().strip() == "0 case steps overdue"
    with pytest.raises(CommandError):
        call_command("case_reminders", "--owner", "nobody", stdout=io.StringIO())


def test_an_overdue_step_tells_its_owner_and_the_manager_once_a_day(mortgage, field, clerk, manager):
    past = timezone.localdate() - datetime.timedelta(days=3)
    Step.objects.filter(case=mortgage, status="active").update(due_at=past)
    Case.objects.filter(pk=mortgage.pk).update(current_due=past)
    out = io.StringIO()
    call_command("case_reminders", stdout=out)
    assert f"-> {field.label}, {manager.label}" in out.getvalue()
    messages = Message.objects.filter(event="case_step.overdue")
    assert sorted(m.recipient_id for m in messages) == sorted([field.pk, manager.pk])  # not the clerk
    message = messages.get(recipient=field)
    assert message.subject == f"业务步骤逾期：{mortgage.dossier} 资料收齐"
    assert f"第 1 步“资料收齐”应于 {past.isoformat()} 前完成，已逾期 3 天" in message.body
    assert message.link.endswith(f"/cases/{mortgage.pk}/steps/1/")
    out = io.StringIO()
    call_command("case_reminders", stdout=out)  # the same day again: printed, not sent
    assert "(already reminded today)" in out.getvalue() and messages.count() == 2


def test_the_demo_cases(settings):
    from docstore.models import Dossier

    settings.DEBUG = True
    settings.DEMO_LOADERS = ["seals.demo.load", "archive.demo.load", "cases.demo.load"]
    call_command("load_demo", stdout=io.StringIO())
    assert Dossier.objects.count() == 12
    cases = Case.objects.all()
    assert {c.kind for c in cases} == {"mortgage", "house_card", "filing", "application"}
    assert cases.filter(status="open", current_due__lt=timezone.localdate()).count() == 1
    returned = cases.get(name="退房申请")
    cancelled = cases.get(status="cancelled")
    assert returned.details["decision"] == "approved" and cancelled.dossier == returned.dossier
    assert cancelled.cancel_reason == f"退房申请 #{returned.pk} 已批准"
    released = cases.get(released_on__isnull=False)
    assert released.steps.get(name="放款").status == "done" and released.current_name == "通知财务"
    assert len({c.current_name for c in cases.filter(status="open")}) >= 6  # spread across the steps
    counts = (Case.objects.count(), Step.objects.filter(status="done").count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Case.objects.count(), Step.objects.filter(status="done").count()) == counts
