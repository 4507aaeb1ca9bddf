"""Helpers for thin HTML views: run a service, turn a DomainError into a message or an error page."""

from django.contrib import messages

from core.errors import DomainError


def flash_error(request, exc: DomainError) -> None:
    messages.error(request, str(exc.detail))
