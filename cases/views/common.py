from django.contrib import messages
from django.shortcuts import redirect

from core.errors import DomainError


def attempt(request, target, fn, success: str):
    """Run a service; flash its DomainError (the page shows why) or the success message, then redirect."""
    try:
        result = fn()
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect(target), None
    messages.success(request, success)
    return redirect(target), result


def dossier_by_unit(project: str, label: str):
    """The dossier of "3-1601" in a project, or None."""
    from docstore.models import Dossier

    building, _sep, unit = (label or "").strip().partition("-")
    return Dossier.objects.filter(project=project, building=building.strip(), unit=unit.strip()).first()
