"""Headers that keep every page on this server. The Content-Security-Policy itself comes from django-csp
(``CONTENT_SECURITY_POLICY`` in the settings); a view may set its own, which is then kept."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response
