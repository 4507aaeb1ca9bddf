"""notify(): one event told to the people concerned, in the caller's transaction.

Each person gets one inbox message per event key (a unique constraint), and one delivery per outbound
channel they chose (mail, their own WeCom / DingTalk robot); each group robot of their roles gets one
delivery per event key. The rows commit or roll back with the caller's work; the deliveries are queued for
the worker only once it has committed, and a delivery already made for a key is never made again.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from notifications import conf
from notifications.events import EVENTS, Event
from notifications.models import Channel, Delivery, GroupWebhook, Message, Preference
from notifications.states import DeliveryStatus

log = logging.getLogger(__name__)
S = DeliveryStatus


def _event(event: Event | str) -> Event:
    found = EVENTS.get(event.code if isinstance(event, Event) else event)
    if found is None:
        raise ValueError(
            f"undeclared notification event {event!r}: declare it with notifications.events.Event"
        )
    return found


def _people(recipients: Iterable, actor) -> list:
    """Each person once, active ones only, never the actor (nobody is told of their own action)."""
    seen, people = set(), []
    actor_pk = getattr(actor, "pk", None)
    for person in recipients:
        if person is None or not getattr(person, "is_active", False) or person.pk in seen:
            continue
        if person.pk == actor_pk:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


def _render(text, params: dict, language: str) -> str:
    """A (lazy) text and its parameters in this language."""
    with translation.override(language):
        value = str(text)
        return value % params if params else value


def _channels_for(person, pref: Preference) -> list[str]:
    wanted = set(pref.channels or [])
    found = []
    if Channel.EMAIL in wanted and person.email and conf.email_enabled():
        found.append(Channel.EMAIL)
    if Channel.WECOM in wanted and pref.wecom_webhook:
        found.append(Channel.WECOM)
    if Channel.DINGTALK in wanted and pref.dingtalk_webhook:
        found.append(Channel.DINGTALK)
    return found


def _robots_for(people: list, event: Event) -> list[tuple[GroupWebhook, list]]:
    """The active group robots of these people's roles that post this event, each with its people."""
    robots = GroupWebhook.objects.filter(active=True, group__user__in=people).distinct()
    members: dict[int, list] = {}
    if robots:
        by_pk = {p.pk: p for p in people}
        pairs = (
            get_user_model()
            .groups.through.objects.filter(group_id__in={r.group_id for r in robots}, user_id__in=by_pk)
            .values_list("group_id", "user_id")
        )
        for group_id, user_id in pairs:
            members.setdefault(group_id, []).append(by_pk[user_id])
    return [(robot, members.get(robot.group_id, [])) for robot in robots if robot.wants(event.code)]


def notify(
    event: Event | str,
    *,
    recipients: Iterable,
    link: str,
    subject,
    body="",
    key: str,
    params: dict | None = None,
    actor=None,
) -> list[Message]:
    """Tell `recipients` about one event. `subject` and `body` are (lazy) texts formatted with `params` in
    each person's language; `link` is a path (made absolute under SITE_URL) or a URL; `key` names this
    occurrence of the event (the request and its submission time, an overdue item and the day): a second
    call with the same key tells nobody twice. Returns the messages made now."""
    event = _event(event)
    params = params or {}
    people = _people(recipients, actor)
    if not people:
        return []
    event_key = f"{event.code}:{key}"[:200]
    prefs = {p.user_id: p for p in Preference.objects.filter(user__in=people)}
    made: list[Message] = []
    queued: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        for person in people:
            pref = prefs.get(person.pk) or Preference(user=person)
            if event.code in (pref.muted_events or []):
                continue
            language = pref.language or settings.LANGUAGE_CODE
            subject_text = _render(subject, params, language)[:200]
            body_text = _render(body, params, language) if body else ""
            message, created = Message.objects.get_or_create(
                key=event_key,
                recipient=person,
                defaults={
                    "event": event.code,
                    "subject": subject_text,
                    "body": body_text,
                    "link": link or "",
                    "created_at": now,
                },
            )
            if not created:
                continue
            made.append(message)
            for channel in _channels_for(person, pref):
                delivery, created = Delivery.objects.get_or_create(
                    key=f"{event_key}|u{person.pk}|{channel}",
                    defaults={
                        "event": event.code,
                        "channel": channel,
                        "message": message,
                        "recipient": person,
                        "subject": subject_text,
                        "body": body_text,
                        "link": message.link,
                        "language": language,
                        "status": S.HELD if pref.digest else S.PENDING,
                        "created_at": now,
                        "next_attempt_at": now,
                    },
                )
                if created and delivery.status == S.PENDING:
                    queued.append(delivery.pk)
        queued += _post_to_robots(event, event_key, people, subject, body, params, link, now)
        if queued:
            transaction.on_commit(lambda: enqueue(queued), robust=True)
    return made


def _post_to_robots(event, event_key, people, subject, body, params, link, now) -> list[int]:
    """One delivery per group robot and event key, in the site's language, naming the people it concerns."""
    queued = []
    language = settings.LANGUAGE_CODE
    for robot, members in _robots_for(people, event):
        if not members:
            continue
        names = "、".join(m.label for m in members)
        text = _render(body, params, language) if body else ""
        with translation.override(language):
            to_line = translation.gettext("致：%(names)s") % {"names": names}
        delivery, created = Delivery.objects.get_or_create(
            key=f"{event_key}|g{robot.pk}",
            defaults={
                "event": event.code,
                "channel": robot.channel,
                "webhook": robot,
                "subject": _render(subject, params, language)[:200],
                "body": f"{to_line}\n\n{text}" if text else to_line,
                "link": link or "",
                "language": language,
                "created_at": now,
                "next_attempt_at": now,
            },
        )
        if created:
            queued.append(delivery.pk)
    return queued


def enqueue(delivery_ids: list[int]) -> None:
    """Hand the deliveries to the worker; if the queue is down, `manage.py deliver_notifications` sends them."""
    from notifications import tasks

    try:
        tasks.deliver.enqueue(list(delivery_ids))
    except Exception:
        log.exception(
            "could not queue %s notification deliveries; the cron command sends them", len(delivery_ids)
        )


def remind(
    event: Event | str,
    *,
    item: str,
    recipients: Iterable,
    link: str,
    subject,
    body="",
    params: dict | None = None,
    day=None,
) -> list[Message]:
    """A reminder about something overdue (an original, a seal out, a letter, a case step): at most once a
    day per item, however often the reminder runs (the day is part of the event key)."""
    day = day or timezone.localdate()
    return notify(
        event,
        recipients=recipients,
        link=link,
        subject=subject,
        body=body,
        params=params,
        key=f"{item}:{day.isoformat()}",
    )
