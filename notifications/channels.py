"""The outbound channels: mail through Django's mail settings, and the WeCom (企业微信) and DingTalk (钉钉) group
robots' webhooks. Every call is bounded by a timeout; a refusal raises SendFailed with what went wrong."""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from notifications import conf

MAX_REPLY_BYTES = 64 * 1024
# The robots' own limits (bytes of the message text): WeCom markdown 4096, DingTalk 20000.
TEXT_LIMITS = {"wecom": 4000, "dingtalk": 19000}


class SendFailed(Exception):
    """The channel refused or could not be reached; `permanent` when retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


def check_webhook_url(url: str) -> str | None:
    """Why this webhook URL is refused, or None: http(s), and a host NOTIFY_WEBHOOK_HOSTS allows."""
    try:
        parts = urlsplit(url or "")
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return _("Webhook 地址必须以 http:// 或 https:// 开头。")
    if not host or parts.scheme not in ("http", "https"):
        return _("Webhook 地址必须以 http:// 或 https:// 开头。")
    allowed = conf.webhook_hosts()
    if allowed and host.lower() not in allowed:
        return _("Webhook 地址的主机不在允许的列表中：%(hosts)s。") % {"hosts": "、".join(allowed)}
    return None


def _text(subject: str, body: str, url: str) -> str:
    lines = [f"**{subject}**"]
    if body:
        lines.append(body)
    lines.append(f"[{_('查看详情')}]({url})")
    return "\n\n".join(lines)


def _fit(text: str, channel: str, url: str) -> str:
    limit = TEXT_LIMITS[channel]
    if len(text.encode("utf-8")) <= limit:
        return text
    tail = f"\n\n…\n\n[{_('查看详情')}]({url})"
    room = limit - len(tail.encode("utf-8"))
    return text.encode("utf-8")[:room].decode("utf-8", "ignore") + tail


def send_email(address: str, subject: str, body: str, url: str) -> None:
    text = "\n\n".join(
        part
        for part in (
            body,
            _("查看详情：%(url)s") % {"url": url},
            "-- \n" + _("此邮件由文档与用印管理系统自动发送；接收方式可在“通知设置”中更改。"),
        )
        if part
    )
    try:
        connection = get_connection(timeout=conf.email_timeout())
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address], connection=connection).send()
    except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors; a bad address is a ValueError
        raise SendFailed(f"mail: {exc.__class__.__name__}: {exc}"[:500]) from exc


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: it could lead past the allowed hosts."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post_json(url: str, payload: dict) -> None:
    reason = check_webhook_url(url)
    if reason:
        raise SendFailed(reason, permanent=True)
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=conf.http_timeout()) as response:
            raw = response.read(MAX_REPLY_BYTES)
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"HTTP {exc.code}") from exc
    except TimeoutError as exc:
        raise SendFailed("timeout") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise SendFailed("timeout") from exc
        raise SendFailed(f"unreachable: {reason}"[:500]) from exc
    # Both robots answer 200 with {"errcode": 0, "errmsg": "ok"}; anything else in errcode is a refusal.
    try:
        reply = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError) as exc:
        raise SendFailed("the robot's reply is not JSON") from exc
    errcode = reply.get("errcode", 0) if isinstance(reply, dict) else 0
    if errcode not in (0, "0"):
        raise SendFailed(f"errcode {errcode}: {reply.get('errmsg', '')}"[:500])


def post_wecom(url: str, subject: str, body: str, link: str) -> None:
    text = _fit(_text(subject, body, link), "wecom", link)
    _post_json(url, {"msgtype": "markdown", "markdown": {"content": text}})


def signed_dingtalk_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """DingTalk's 加签: timestamp and base64(HMAC-SHA256(secret, "timestamp\\nsecret")) on the query string."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("timestamp", "sign")]
    query += [("timestamp", timestamp), ("sign", base64.b64encode(digest).decode())]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote_plus)))


def post_dingtalk(url: str, secret: str, subject: str, body: str, link: str) -> None:
    text = _fit(_text(subject, body, link), "dingtalk", link)
    target = signed_dingtalk_url(url, secret) if secret else url
    _post_json(target, {"msgtype": "markdown", "markdown": {"title": subject[:60], "text": text}})
