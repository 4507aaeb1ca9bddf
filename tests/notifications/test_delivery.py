"""notify() end to end: the inbox row, one mail on a real SMTP server and one post on the robots' stand-in per
event and person, after commit only, never twice; retries with backoff after a failing receiver."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.roles import CLERK, MANAGER
from notifications import channels, delivery, services
from notifications.models import Delivery, GroupWebhook, Message, Preference
from tests.conftest import make_user
from tests.notifications.conftest import ping

pytestmark = pytest.mark.django_db


def _robot(user, robots, channel="wecom", path="/wecom/me", **extra):
    field = f"{channel}_webhook"
    Preference.objects.update_or_create(user=user, defaults={field: robots.url(path), **extra})


def test_one_event_reaches_the_inbox_the_smtp_server_and_the_robot_exactly_once(
    people, smtp, robots, committed, settings
):
    settings.SITE_URL = "https://docs.example.com"
    clerk = people["clerk"]
    _robot(clerk, robots)
    with committed():
        made = ping([clerk], key="42")
    assert [m.subject for m in made] == ["测试通知 42"]
    mails = smtp.to("wangfang@example.com")
    assert len(mails) == 1 and mails[0]["subject"] == "测试通知 42"
    assert "正文 42" in mails[0]["body"] and "https://docs.example.com/notifications/" in mails[0]["body"]
    posts = robots.on("/wecom/me")
    assert len(posts) == 1
    text = posts[0]["json"]["markdown"]["content"]
    assert "测试通知 42" in text and "(https://docs.example.com/notifications/)" in text
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    with committed():  # the same event again (a retried request, a second worker): nobody is told twice
        assert ping([clerk], key="42") == []
    assert len(smtp.mails) == 1 and len(robots.calls) == 1
    assert Message.objects.filter(recipient=clerk).count() == 1


def test_nothing_is_sent_before_commit_nor_after_a_rollback(people, smtp, committed):
    clerk = people["clerk"]
    with committed():
        ping([clerk], key="a")
        assert smtp.mails == []  # queued, not sent, while the transaction is open
        assert Delivery.objects.get().status == "pending"
    assert len(smtp.mails) == 1
    assert Delivery.objects.get().status == "sent"
    with committed():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                ping([clerk], key="b")
                raise RuntimeError("the use case failed")
    assert len(smtp.mails) == 1
    assert not Message.objects.filter(key__endswith=":b").exists()
    assert not Delivery.objects.filter(key__contains=":b|").exists()


def test_the_actor_and_inactive_people_are_not_told(people, smtp, committed):
    clerk, manager = people["clerk"], people["manager"]
    gone = make_user("left1", CLERK, email="left@example.com", is_active=False)
    with committed():
        made = ping([clerk, manager, manager, gone, None], actor=manager)
    assert [m.recipient for m in made] == [clerk]
    assert [m["to"] for m in smtp.mails] == ["wangfang@example.com"]


def test_no_mail_without_an_address_or_a_mail_server(people, settings, committed, mailoutbox):
    field = people["field"]
    field.email = ""
    field.save()
    with committed():
        ping([field])
    assert Message.objects.filter(recipient=field).count() == 1  # the inbox still has it
    assert not Delivery.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""  # mail is off until a server is configured
    with committed():
        ping([people["clerk"]])
    assert not Delivery.objects.exists() and mailoutbox == []


def test_preferences_choose_events_channels_and_language(people, smtp, robots, committed):
    clerk, field, manager = people["clerk"], people["field"], people["manager"]
    services.update_preferences(clerk, muted_events=["tests.ping"])
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    services.update_preferences(manager, language="en")
    with committed():
        ping([clerk, field, manager], subject=gettext_lazy("用章申请 #%(n)s 待您审批"), params={"n": 7})
    assert not Message.objects.filter(recipient=clerk).exists()  # muted: not even the inbox
    assert [m["to"] for m in smtp.mails] == ["zhangwei@example.com"]  # field staff chose the robot only
    assert len(robots.on("/wecom/field")) == 1
    assert smtp.mails[0]["subject"] == "Seal request #7 awaits your approval"
    assert Message.objects.get(recipient=manager).subject == "Seal request #7 awaits your approval"
    assert Message.objects.get(recipient=field).subject == "用章申请 #7 待您审批"


def test_dingtalk_robot_signs_each_call(people, robots, committed):
    field = people["field"]
    services.update_preferences(
        field,
        channels=["dingtalk"],
        dingtalk_webhook=robots.url("/robot/send", access_token="abc"),
        dingtalk_secret="SEC123",
    )
    with committed():
        ping([field])
    [call] = robots.on("/robot/send")
    query = call["query"]
    assert query["access_token"] == "abc"
    expected = hmac.new(b"SEC123", f"{query['timestamp']}\nSEC123".encode(), hashlib.sha256).digest()
    assert query["sign"] == base64.b64encode(expected).decode()
    assert call["json"]["msgtype"] == "markdown" and call["json"]["markdown"]["title"] == "测试通知 1"


def test_a_group_robot_posts_once_per_event_for_all_members_of_its_role(people, robots, committed, manager):
    manager2 = make_user("manager2", MANAGER, display_name="赵敏")
    GroupWebhook.objects.create(
        group=Group.objects.get(name=MANAGER),
        channel="wecom",
        name="经理群",
        url=robots.url("/wecom/managers"),
        created_by=manager,
    )
    GroupWebhook.objects.create(
        group=Group.objects.get(name=CLERK),
        channel="dingtalk",
        name="内勤群",
        url=robots.url("/ding/clerks"),
        events=["seal_request.submitted"],  # not this event
        created_by=manager,
    )
    with committed():
        ping([manager, manager2, people["clerk"]])
    [post] = robots.on("/wecom/managers")
    assert "张伟" in post["json"]["markdown"]["content"] and "赵敏" in post["json"]["markdown"]["content"]
    assert robots.on("/ding/clerks") == []
    with committed():
        ping([manager])  # the same event key again
    assert len(robots.on("/wecom/managers")) == 1


def test_a_failing_robot_is_retried_with_exponential_backoff(people, robots, committed, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    robots.plan = [500, "slow", ("errcode", 45009)]
    start = timezone.now()
    with committed():
        ping([field])
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 500")
    assert row.next_attempt_at >= start + timedelta(seconds=60)

    # not due yet: nothing is tried
    assert delivery.deliver_due(now=row.next_attempt_at - timedelta(seconds=1)) == {}
    second = row.next_attempt_at
    assert delivery.deliver_due(now=second) == {"pending": 1}
    row.refresh_from_db()
    assert (row.attempts, row.last_error) == (2, "timeout")
    assert row.next_attempt_at == second + timedelta(seconds=120)  # twice the first wait
    third = row.next_attempt_at
    assert delivery.deliver_due(now=third) == {"pending": 1}
    row.refresh_from_db()
    assert row.last_error == "errcode 45009: refused"
    assert row.next_attempt_at == third + timedelta(seconds=240)
    assert delivery.deliver_due(now=row.next_attempt_at) == {"sent": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 4, "")
    assert len(robots.on("/wecom/field")) == 4
    assert delivery.deliver_due(now=row.next_attempt_at + timedelta(days=1)) == {}  # sent: never again


def test_a_failing_smtp_server_is_retried_and_then_given_up(people, committed, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    settings.NOTIFY_MAX_ATTEMPTS = 2
    with committed():
        ping([people["clerk"]])
    row = Delivery.objects.get()
    assert row.status == "pending" and row.last_error.startswith("mail: ConnectionRefusedError")
    assert delivery.deliver_due(now=row.next_attempt_at) == {"failed": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    assert "given up" in caplog.text  # logged


def test_a_delivery_is_claimed_so_that_two_workers_never_send_it_twice(people, robots):
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    ping([field])  # not committed: nothing queued; both "workers" find it due
    row = Delivery.objects.get()
    now = timezone.now()
    assert delivery.attempt(row.pk, now) == "sent"
    assert delivery.attempt(row.pk, now) is None
    assert len(robots.calls) == 1


def test_a_removed_address_or_robot_gives_up_at_once(people, robots, committed):
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    ping([field])
    services.update_preferences(field, wecom_webhook="")
    row = Delivery.objects.get()
    assert delivery.attempt(row.pk) == "failed"
    row.refresh_from_db()
    assert row.attempts == 1 and "no robot" in row.last_error


def test_webhook_urls_are_checked_against_the_allowed_hosts(people, settings):
    settings.NOTIFY_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    assert channels.check_webhook_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x") is None
    assert channels.check_webhook_url("http://169.254.169.254/latest/meta-data") is not None
    assert channels.check_webhook_url("ftp://qyapi.weixin.qq.com/") is not None
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        services.update_preferences(people["clerk"], wecom_webhook="http://10.0.0.5/hook")
    assert exc.value.code == "bad_webhook"


def test_a_redirecting_robot_is_not_followed(people, robots, committed):
    robots.plan = [302]
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    with committed():
        ping([field])
    assert Delivery.objects.get().last_error == "HTTP 302"


def test_an_undeclared_event_is_a_programming_error(people):
    with pytest.raises(ValueError, match="undeclared"):
        services.notify("nobody.declared", recipients=[people["clerk"]], link="/", subject="x", key="1")


def test_reminders_are_sent_once_a_day_per_item(people, smtp, committed):
    from tests.notifications.conftest import PING

    clerk = people["clerk"]
    today = timezone.localdate()
    for _run in range(2):
        with committed():
            services.remind(PING, item="original-5", recipients=[clerk], link="/", subject="逾期", day=today)
    assert len(smtp.mails) == 1
    with committed():
        services.remind(
            PING,
            item="original-5",
            recipients=[clerk],
            link="/",
            subject="逾期",
            day=today + timedelta(days=1),
        )
    assert len(smtp.mails) == 2


def test_retry_now_never_starts_a_second_send_of_one_in_flight(people, robots):
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    ping([field])
    row = Delivery.objects.get()
    now = timezone.now()
    assert delivery._claim(row.pk, now)  # a worker has it and waits for the robot's answer
    services.retry_delivery(people["manager"], row)
    assert delivery.attempt(row.pk, now + timedelta(seconds=1)) is None
    assert robots.calls == []


def test_with_a_queue_that_defers_the_retry_is_queued_for_after_the_backoff(people, robots, settings):
    from django_tasks_db.models import DBTaskResult

    from notifications import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    robots.plan = [500]
    ping([field])
    row = Delivery.objects.get()
    tasks.deliver.call([row.pk])  # what the worker runs
    row.refresh_from_db()
    queued = DBTaskResult.objects.get(task_path="notifications.tasks.deliver")
    assert queued.run_after == row.next_attempt_at and queued.args_kwargs["args"] == [[row.pk]]


def test_the_cron_command_sends_what_is_due(people, robots, settings):
    from io import StringIO

    from django.core.management import call_command

    field = people["field"]
    services.update_preferences(field, channels=["wecom"], wecom_webhook=robots.url("/wecom/field"))
    ping([field], key="1")  # never committed: the worker was not told; cron finds it
    ping([field], key="2")
    robots.plan = [500]
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert out.getvalue().strip() == "2 attempted: 1 sent, 1 to retry, 0 failed"
    assert len(robots.calls) == 2
