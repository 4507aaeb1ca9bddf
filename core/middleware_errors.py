"""HTML views let DomainError propagate; this turns it into the product's error page with its status."""

from core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            from django.shortcuts import render

            return render(
                request,
                "error.html",
                {"status": exception.status, "detail": exception.detail},
                status=exception.status,
            )
        return None
