"""The pages: the inbox with its badge, marking read, one's preferences, and the manager's delivery status
and group robots. Only the recipient reads or marks a message."""

import re

import pytest
from django.contrib.auth.models import Group

from accounts.models import AuditEvent
from accounts.roles import CLERK
from notifications import services
from notifications.models import Delivery, GroupWebhook, Message, Preference
from tests.notifications.conftest import ping

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(people):
    clerk = people["clerk"]
    return [ping([clerk], key=str(n))[0] for n in range(3)]


def test_the_badge_counts_unread_messages_on_every_page(web, people, three):
    html = web(people["clerk"]).get("/checkouts/").content.decode()
    assert re.search(r'href="/notifications/">消息 <span class="count" aria-label="未读消息">3</span>', html)
    html = web(people["field"]).get("/checkouts/").content.decode()
    assert 'href="/notifications/">消息</a>' in html  # nothing unread: no badge


def test_the_inbox_lists_own_messages_newest_first(web, people, three, django_assert_max_num_queries):
    ping([people["field"]], key="other")
    client = web(people["clerk"])
    with django_assert_max_num_queries(12):
        html = client.get("/notifications/").content.decode()
    assert html.index("测试通知 2") < html.index("测试通知 1") < html.index("测试通知 0")
    assert "测试通知 other" not in html
    assert "3 条未读" in html and "全部标为已读" in html
    assert "<script>" not in html.split("</header>")[1]  # no inline script (CSP)
    unread = client.get("/notifications/?unread=true").content.decode()
    assert "测试通知 0" in unread


def test_opening_a_message_marks_it_read_and_follows_its_link(web, people, three):
    client = web(people["clerk"])
    response = client.get(f"/notifications/{three[0].pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert Message.objects.get(pk=three[0].pk).read_at is not None
    html = client.get("/notifications/").content.decode()
    assert "2 条未读" in html


def test_mark_read_and_all_read(web, people, three):
    client = web(people["clerk"])
    response = client.post(f"/notifications/{three[1].pk}/read/", {"next": "/notifications/?unread=true"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?unread=true"
    assert Message.objects.filter(recipient=people["clerk"], read_at__isnull=True).count() == 2
    response = client.post("/notifications/read-all/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/notifications/"  # never off the site
    assert not Message.objects.filter(recipient=people["clerk"], read_at__isnull=True).exists()


@pytest.mark.parametrize("who", ["field", "manager"])
def test_nobody_else_reads_or_marks_a_message(web, people, three, who):
    client = web(people[who])
    assert client.get(f"/notifications/{three[0].pk}/open/").status_code == 404
    assert client.post(f"/notifications/{three[0].pk}/read/").status_code == 404
    client.post("/notifications/read-all/")  # marks only their own
    assert Message.objects.get(pk=three[0].pk).read_at is None


def test_outsiders_get_no_inbox(web, outsider, client):
    assert web(outsider).get("/notifications/").status_code == 403
    client.logout()
    assert client.get("/notifications/").status_code == 302  # to the login page


def test_preferences_page_saves_events_channels_digest_and_robots(web, people, settings):
    settings.NOTIFY_WEBHOOK_HOSTS = ["oapi.dingtalk.com"]
    clerk = people["clerk"]
    client = web(clerk)
    html = client.get("/notifications/preferences/").content.decode()
    assert "用章申请待我审批" in html and "我签出的文档被强制签入" in html and "每日汇总" in html
    assert 'value="email"' in html and "<script>" not in html.split("</header>")[1]
    response = client.post(
        "/notifications/preferences/",
        {
            "events": ["seal_request.submitted"],
            "channels": ["email", "dingtalk"],
            "digest": "on",
            "language": "en",
            "dingtalk_webhook": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "dingtalk_secret": "SECabc",
        },
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=clerk)
    assert pref.channels == ["email", "dingtalk"] and pref.digest and pref.language == "en"
    assert "seal_request.submitted" not in pref.muted_events and "checkout.forced" in pref.muted_events
    assert pref.dingtalk_secret == "SECabc"
    event = AuditEvent.objects.get(action="notifications.preferences_changed")
    assert "SECabc" not in str(event.details) and "dingtalk_secret" in event.details["fields"]
    html = client.get("/notifications/preferences/").content.decode()
    assert "SECabc" not in html and "已设置钉钉加签密钥" in html
    # a robot on a host that is not allowed is refused with the reason
    response = client.post("/notifications/preferences/", {"wecom_webhook": "https://10.0.0.9/hook"})
    assert response.status_code == 200 and "不在允许的列表中" in response.content.decode()
    client.post("/notifications/preferences/", {"clear_dingtalk_secret": "on", "channels": ["email"]})
    assert Preference.objects.get(user=clerk).dingtalk_secret == ""


@pytest.fixture
def failed(people, robots, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    robots.plan = [500]
    ping([field])
    from notifications import delivery

    row = Delivery.objects.get()
    delivery.attempt(row.pk)
    row.refresh_from_db()
    return row


def test_the_manager_sees_failed_deliveries_and_sends_again(
    web, people, failed, robots, committed, django_assert_max_num_queries
):
    client = web(people["manager"])
    with django_assert_max_num_queries(14):
        html = client.get("/notifications/deliveries/").content.decode()
    assert "发送失败" in html and "HTTP 500" in html and "李军" in html and "立即重试" in html
    with committed():
        response = client.post(f"/notifications/deliveries/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent" and len(robots.calls) == 2
    assert AuditEvent.objects.filter(action="notifications.delivery_retried").exists()
    html = client.get("/notifications/deliveries/?status=sent").content.decode()
    assert "已发送" in html and "立即重试" not in html


def test_retry_every_failed_delivery(web, people, failed, robots, committed):
    with committed():
        web(people["manager"]).post("/notifications/deliveries/retry-failed/")
    failed.refresh_from_db()
    assert failed.status == "sent"


@pytest.mark.parametrize("who", ["clerk", "field", "admin_user"])
def test_only_the_manager_sees_and_retries_deliveries(web, failed, who, request):
    client = web(request.getfixturevalue(who))
    assert client.get("/notifications/deliveries/").status_code == 403
    assert client.post(f"/notifications/deliveries/{failed.pk}/retry/").status_code == 403
    assert client.post("/notifications/deliveries/retry-failed/").status_code == 403
    assert client.get("/notifications/robots/").status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_the_manager_adds_and_switches_group_robots(web, people, settings):
    settings.NOTIFY_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    client = web(people["manager"])
    clerks = Group.objects.get(name=CLERK)
    response = client.post(
        "/notifications/robots/",
        {
            "group": clerks.pk,
            "channel": "dingtalk",
            "name": "内勤群",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=secret-token-1234",
            "secret": "SECxyz",
            "events": ["seal_request.impression"],
        },
    )
    assert response.status_code == 302
    robot = GroupWebhook.objects.get()
    assert (robot.group, robot.channel, robot.secret, robot.events) == (
        clerks,
        "dingtalk",
        "SECxyz",
        ["seal_request.impression"],
    )
    html = client.get("/notifications/robots/").content.decode()
    assert "内勤群" in html and "内勤" in html and "secret-token" not in html and "…1234" in html
    client.post(f"/notifications/robots/{robot.pk}/switch/", {"active": "0"})
    assert not GroupWebhook.objects.get().active
    response = client.post(
        "/notifications/robots/",
        {"group": clerks.pk, "channel": "wecom", "name": "x", "url": "https://example.com/hook"},
    )
    assert response.status_code == 200 and "不在允许的列表中" in response.content.decode()
    assert AuditEvent.objects.filter(action__startswith="notifications.robot_").count() == 2
