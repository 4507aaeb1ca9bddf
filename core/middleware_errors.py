"""HTML views let DomainError propagate; this turns it into the product's error page with its status (a full
disk, an OSError, too: 507)."""

from core.errors import as_domain_error


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        domain = as_domain_error(exception)
        if domain is not None and not request.path.startswith("/api/"):
            from django.shortcuts import render

            return render(
                request,
                "error.html",
                {"status": domain.status, "detail": domain.detail},
                status=domain.status,
            )
        return None
