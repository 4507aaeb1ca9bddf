"""The daily digest: people who chose it get one mail (or robot post) a day with everything held back; their
inbox still gets each message at once."""

import io

import pytest
from django.core.management import call_command

from notifications import services
from notifications.models import Delivery, Message
from tests.notifications.conftest import ping

pytestmark = pytest.mark.django_db


def test_held_messages_go_out_together_in_one_digest(people, smtp, robots, committed, settings):
    settings.SITE_URL = "https://docs.example.com"
    clerk = people["clerk"]
    services.update_preferences(
        clerk, digest=True, channels=["email", "wecom"], wecom_webhook=robots.url("/wecom/me")
    )
    with committed():
        for n in ("1", "2", "3"):
            ping([clerk, people["field"]], key=n)
    assert Message.objects.filter(recipient=clerk).count() == 3  # the inbox at once
    assert smtp.to("wangfang@example.com") == [] and robots.calls == []
    assert len(smtp.to("lijun@example.com")) == 3  # who did not choose the digest: one by one
    assert Delivery.objects.filter(recipient=clerk, status="held").count() == 6

    out = io.StringIO()
    with committed():
        call_command("send_digests", stdout=out)
    assert "2 digest(s)" in out.getvalue()
    [mail] = smtp.to("wangfang@example.com")
    assert mail["subject"] == "每日汇总：3 条通知"
    for n in ("1", "2", "3"):
        assert f"测试通知 {n}" in mail["body"]
    assert "https://docs.example.com/notifications/" in mail["body"]
    [post] = robots.on("/wecom/me")
    assert "每日汇总：3 条通知" in post["json"]["markdown"]["content"]
    assert Delivery.objects.filter(recipient=clerk, status="digested").count() == 6
    digests = Delivery.objects.filter(event="notifications.digest")
    assert {d.carried.count() for d in digests} == {3}

    with committed():  # nothing held any more: no second digest
        call_command("send_digests", stdout=io.StringIO())
    assert len(smtp.to("wangfang@example.com")) == 1
    with committed():
        ping([clerk], key="4")
        call_command("send_digests", stdout=io.StringIO())
    later = smtp.to("wangfang@example.com")
    assert len(later) == 2 and later[1]["subject"] == "每日汇总：1 条通知"


def test_a_digest_in_english(people, smtp, committed):
    clerk = people["clerk"]
    services.update_preferences(clerk, digest=True, language="en")
    with committed():
        ping([clerk], key="1")
        ping([clerk], key="2")
        services.send_digests()
    [mail] = smtp.mails
    assert mail["subject"] == "Daily digest: 2 notifications"
