"""The manager's template editor: a template's name and whether it is offered, and its steps as a formset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require_staff
from cases import permissions, services
from cases.forms import StepFormSet, StepTemplateForm, TemplateForm
from cases.models import CaseTemplate
from core.errors import DomainError


@login_required
def template_list(request):
    require_staff(request.user)
    templates = CaseTemplate.objects.prefetch_related("steps").order_by("kind", "code")
    return render(
        request,
        "cases/template_list.html",
        {"templates": templates, "can_edit": permissions.is_manager(request.user)},
    )


def _steps(formset) -> list[dict]:
    """The steps in the order the manager gave (deleted ones left out, an untouched empty row ignored)."""
    return [form.spec() for form in formset.ordered_forms]


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk=None):
    """Editing raises the template's version; running cases keep the steps they copied."""
    template = get_object_or_404(CaseTemplate, pk=pk) if pk else None
    if request.method == "POST":
        permissions.require_manager(request.user)
    else:
        require_staff(request.user)
    initial = (
        [StepTemplateForm.initial_of(s.spec()) for s in template.steps.order_by("number")] if template else []
    )
    form = TemplateForm(request.POST or None, instance=template)
    formset = StepFormSet(request.POST or None, initial=initial, prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            if template is None:
                template = services.create_template(
                    request.user, code=data["code"], name=data["name"], kind=data["kind"],
                    description=data["description"], steps=_steps(formset),
                )  # fmt: skip
            else:
                services.update_template(
                    request.user, template, name=data["name"], description=data["description"],
                    is_active=data["is_active"], steps=_steps(formset),
                )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("业务模板已保存；办理中的业务仍按开办时的步骤进行。"))
            return redirect("cases:template", template.pk)
    return render(
        request,
        "cases/template_form.html",
        {
            "template": template,
            "form": form,
            "formset": formset,
            "can_edit": permissions.is_manager(request.user),
            "running": template.cases.filter(status="open").count() if template else 0,
        },
    )
