"""Pages of approval routing: the rules table (the manager edits it), and one's own away flag and deputy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import MANAGER, has_role, require_staff
from core.errors import DomainError
from seals import selectors, services
from seals.approval_models import ApprovalRule
from seals.forms_rules import AwayForm, RuleForm
from seals.models import Seal, SealRequest
from seals.services.routing import ref_label


@login_required
@require_http_methods(["GET", "POST"])
def rule_list(request):
    require_staff(request.user)
    can_edit = has_role(request.user, MANAGER)
    form = RuleForm(request.POST or None, prefix="new") if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.create_rule(request.user, **form.data_for_service())
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("审批规则已添加。"))
            return redirect("seals:approval-rules")
    rules = list(selectors.rule_list())
    for rule in rules:
        rule.labels = [ref_label(ref) for ref in rule.approvers]
        rule.kind_label = Seal.Kind(rule.seal_kind).label if rule.seal_kind in Seal.Kind.values else ""
        rule.recipient_label = (
            SealRequest.Recipient(rule.recipient).label
            if rule.recipient in SealRequest.Recipient.values
            else ""
        )
        rule.form = RuleForm.for_rule(rule) if can_edit else None
    return render(
        request,
        "seals/approval_rules.html",
        {
            "rules": rules,
            "form": form,
            "can_edit": can_edit,
            "away_form": AwayForm(
                initial={"away": request.user.away, "deputy": request.user.deputy_id}, user=request.user
            ),
        },
    )


@login_required
@require_POST
def rule_edit(request, pk):
    rule = get_object_or_404(ApprovalRule, pk=pk)
    form = RuleForm(request.POST, prefix=f"rule{rule.pk}")
    if not form.is_valid():
        messages.error(request, _("请正确填写审批规则。"))
        return redirect("seals:approval-rules")
    try:
        if request.POST.get("delete"):
            services.delete_rule(request.user, rule)
        else:
            services.update_rule(request.user, rule, **form.data_for_service())
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(
            request, _("审批规则已删除。") if request.POST.get("delete") else _("审批规则已保存。")
        )
    return redirect("seals:approval-rules")


@login_required
@require_POST
def away(request):
    require_staff(request.user)
    form = AwayForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择有效的代理人。"))
        return redirect("seals:approval-rules")
    try:
        services.set_away(
            request.user, request.user, away=form.cleaned_data["away"], deputy=form.cleaned_data["deputy"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("外出状态已保存。"))
    return redirect("seals:approval-rules")
