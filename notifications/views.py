"""Pages: the inbox, one's preferences, and for the manager the delivery status and the group robots."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import MANAGER, ROLE_LABELS, require_role, require_staff
from core.errors import DomainError
from core.web import page_of, query_without
from notifications import events, selectors, services
from notifications.filters import DeliveryFilter, MessageFilter
from notifications.forms import GroupWebhookForm, PreferenceForm
from notifications.models import Delivery, GroupWebhook
from notifications.states import DELIVERY, DeliveryStatus


@login_required
def inbox(request):
    require_staff(request.user)
    filterset = MessageFilter(request.GET, queryset=selectors.inbox(request.user), request=request)
    return render(
        request,
        "notifications/inbox.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs),
            "query": query_without(request),
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def message_open(request, pk):
    """Follow a message's link, marking it read (only the recipient: 404 for anyone else)."""
    require_staff(request.user)
    message = services.mark_read(request.user, pk)
    target = message.link or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(message.url)


@login_required
@require_POST
def message_read(request, pk):
    services.mark_read(request.user, pk)
    return redirect(_back(request))


@login_required
@require_POST
def all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, _("已将 %(n)s 条消息标为已读。") % {"n": count})
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "notifications:inbox"


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    require_staff(request.user)
    pref = selectors.preference_of(request.user)
    form = PreferenceForm(request.POST or None, initial=PreferenceForm.initial_for(pref))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(request.user, **form.changes())
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("通知设置已保存。"))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "pref": pref, "has_email": bool(request.user.email)},
    )


@login_required
def deliveries(request):
    require_role(request.user, MANAGER)
    params = request.GET.copy()
    if "status" not in params:  # what needs attention first
        params["status"] = DeliveryStatus.FAILED
    filterset = DeliveryFilter(params, queryset=selectors.deliveries(), request=request)
    page = page_of(request, filterset.qs)
    counts = selectors.delivery_counts()
    labels = {**dict(events.choices()), events.DIGEST.code: str(events.DIGEST.label)}
    for delivery in DELIVERY.with_actions(request.user, page.object_list):
        delivery.event_label = labels.get(delivery.event, delivery.event)
    return render(
        request,
        "notifications/deliveries.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without(request),
            "status_tabs": [(value, label, counts.get(value, 0)) for value, label in DeliveryStatus.choices],
            "current": params.get("status", ""),
        },
    )


@login_required
@require_POST
def delivery_retry(request, pk):
    require_role(request.user, MANAGER)
    services.retry_delivery(request.user, get_object_or_404(Delivery, pk=pk))
    messages.success(request, _("已重新发送。"))
    return redirect(_back(request) if request.POST.get("next") else "notifications:deliveries")


@login_required
@require_POST
def deliveries_retry_failed(request):
    count = services.retry_failed(request.user)
    messages.success(request, _("已重新发送 %(n)s 条失败的投递。") % {"n": count})
    return redirect("notifications:deliveries")


@login_required
@require_http_methods(["GET", "POST"])
def robots(request):
    require_role(request.user, MANAGER)
    form = GroupWebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_group_webhook(request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("群机器人已添加。"))
            return redirect("notifications:robots")
    labels = dict(events.choices())
    robots = list(selectors.group_webhooks())
    for robot in robots:
        robot.role_label = ROLE_LABELS.get(robot.group.name, robot.group.name)
        robot.event_labels = [labels.get(code, code) for code in robot.events]
    return render(request, "notifications/robots.html", {"form": form, "robots": robots})


@login_required
@require_POST
def robot_switch(request, pk):
    require_role(request.user, MANAGER)
    robot = get_object_or_404(GroupWebhook, pk=pk)
    services.set_group_webhook_active(request.user, robot, request.POST.get("active") == "1")
    return redirect("notifications:robots")
