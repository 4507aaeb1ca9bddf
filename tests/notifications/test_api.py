"""The API: /api/v1/notifications/ (one's own: list, filter, read, mark read, mark all read) and
/api/v1/preferences/ (get and put one's own)."""

import pytest

from notifications.models import Message, Preference
from tests.notifications.conftest import ping

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(people, settings):
    settings.SITE_URL = "https://docs.example.com"
    clerk = people["clerk"]
    made = [ping([clerk], key=str(n))[0] for n in range(3)]
    ping([people["field"]], key="theirs")
    return made


def test_list_own_messages_newest_first_with_absolute_links(
    api, people, inbox, django_assert_max_num_queries
):
    client = api(people["clerk"])
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/notifications/").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["subject"] == "测试通知 2" and first["read"] is False and first["read_at"] is None
    assert first["link"] == "https://docs.example.com/notifications/"
    assert first["event"] == "tests.ping" and first["event_label"] == "测试通知"


def test_mark_read_filter_unread_and_mark_all_read(api, people, inbox):
    client = api(people["clerk"])
    response = client.post(f"/api/v1/notifications/{inbox[0].pk}/read")
    assert response.status_code == 200 and response.json()["read"] is True
    unread = client.get("/api/v1/notifications/?unread=true").json()
    assert [m["subject"] for m in unread["results"]] == ["测试通知 2", "测试通知 1"]
    assert client.get("/api/v1/notifications/?unread=false").json()["count"] == 1
    response = client.post("/api/v1/notifications/read-all")
    assert response.json() == {"marked": 2}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    assert Message.objects.filter(recipient=people["field"], read_at__isnull=True).count() == 1


@pytest.mark.parametrize("who", ["field", "manager", "admin_user"])
def test_nobody_else_reads_or_marks_a_message(api, people, inbox, who, request):
    client = api(request.getfixturevalue(who))
    assert client.get(f"/api/v1/notifications/{inbox[0].pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{inbox[0].pk}/read").status_code == 404
    assert Message.objects.get(pk=inbox[0].pk).read_at is None


def test_outsiders_are_refused(api, outsider, inbox):
    assert api(outsider).get("/api/v1/notifications/").status_code == 403
    assert api(outsider).get("/api/v1/preferences/").status_code == 403
    assert api().get("/api/v1/notifications/").status_code in (401, 403)


def test_bad_filters_are_400(api, people, inbox):
    client = api(people["clerk"])
    assert client.get("/api/v1/notifications/?event=nope").status_code == 400
    assert client.get("/api/v1/notifications/99999999999999999999999/").status_code == 404


def test_get_and_put_own_preferences(api, people, settings):
    settings.NOTIFY_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    client = api(people["field"])
    body = client.get("/api/v1/preferences/").json()
    assert body["channels"] == ["email", "wecom", "dingtalk"] and body["digest"] is False
    assert body["dingtalk_secret_set"] is False and "dingtalk_secret" not in body
    codes = {e["code"] for e in body["events"]}
    assert {"seal_request.submitted", "seal_request.decided", "checkout.forced", "original.overdue"} <= codes
    response = client.put(
        "/api/v1/preferences/",
        {
            "channels": ["dingtalk"],
            "muted_events": ["original.overdue"],
            "digest": True,
            "dingtalk_webhook": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "dingtalk_secret": "SECx",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["channels"] == ["dingtalk"] and body["muted_events"] == ["original.overdue"]
    assert (
        body["digest"] is True
        and body["dingtalk_secret_set"] is True
        and "SECx" not in response.content.decode()
    )
    # what a PUT leaves out stays as it was
    assert client.put("/api/v1/preferences/", {"language": "en"}, format="json").json()["digest"] is True
    pref = Preference.objects.get(user=people["field"])
    assert pref.dingtalk_secret == "SECx" and pref.language == "en"
    assert Preference.objects.count() == 1  # nobody else's


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"channels": ["sms"]}, "invalid"),
        ({"channels": "email"}, "invalid"),
        ({"muted_events": ["no.such.event"]}, "invalid"),
        ({"wecom_webhook": "https://10.0.0.1/hook"}, "bad_webhook"),
        ({"wecom_webhook": "not a url"}, "invalid"),
        ({"language": "fr"}, "invalid"),
        ([1, 2], "invalid"),
    ],
)
def test_bad_preferences_are_400(api, people, body, code):
    response = api(people["clerk"]).put("/api/v1/preferences/", body, format="json")
    assert response.status_code == 400 and response.json()["error"] == code
    assert not Preference.objects.exists()
