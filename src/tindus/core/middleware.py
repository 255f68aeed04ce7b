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


class TableDownloadMiddleware:
    """``?tableau=<table id>&format=csv|xlsx`` on any page: the page is made by its own view, for the one who
    asks (same permission checks, same statistical secrecy), and that table of it comes back as a file
    (:mod:`tindus.core.table_downloads`). Anything but a page that opens (a redirection to sign in, a
    refusal, an error) is passed on as is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .table_downloads import asked_table, page_table_response, strip_download_query

        asked = asked_table(request)
        if asked is None:
            return self.get_response(request)
        strip_download_query(request)
        return page_table_response(request, self.get_response(request), *asked)
