"""What every API request goes through before and after its endpoint: the body size, the token, the rate
limit, problem answers for what Django itself refuses, and ``ETag`` / ``If-None-Match`` on reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext as _

from tindus.accounts.throttling import client_ip

from . import ratelimit, tokens
from .caller import Caller
from .problems import PROBLEM_TYPE, problem_response

API_PREFIX = "/api/"


def _token_problem(header: str) -> tuple[Caller | None, HttpResponse | None]:
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None, problem_response(401, _("Send the token as « Authorization: Bearer <token> »."))
    token = tokens.find(secret.strip())
    if token is None:
        return None, problem_response(401, _("Unknown token."))
    if token.revoked_at is not None:
        return None, problem_response(401, _("This token was revoked."))
    if token.expires_at <= timezone.now():
        return None, problem_response(401, _("This token has expired."))
    if not token.user.is_active:
        return None, problem_response(401, _("The account of this token is closed."))
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = timezone.now()
        token.save(update_fields=["last_used_at"])
    return Caller(token.user, token), None


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.handle(request)
        patch_vary_headers(response, ["Authorization"])
        return response

    def handle(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.TINDUS_API_MAX_BODY:
            return problem_response(
                413, _("The body is larger than %(size)s bytes.") % {"size": settings.TINDUS_API_MAX_BODY}
            )
        header = request.META.get("HTTP_AUTHORIZATION", "")
        caller, refusal = _token_problem(header) if header else (None, None)
        # The API knows callers by their token only: a session cookie is ignored here (no CSRF to fear).
        request.user = caller.user if caller is not None else AnonymousUser()
        if caller is not None:
            request.api_caller = caller
            allowance = ratelimit.hit(f"t{caller.token.pk}", settings.TINDUS_API_RATE_TOKEN, 60)
        else:
            allowance = ratelimit.hit(f"a{client_ip(request)}", settings.TINDUS_API_RATE_ADDRESS, 60)
        if allowance.exceeded:
            response = problem_response(
                429, _("Too many requests; try again in %(seconds)s s.") % {"seconds": allowance.reset_seconds}
            )
            response["Retry-After"] = str(allowance.reset_seconds)
        elif refusal is not None:
            response = refusal
        else:
            response = self.as_problem(self.get_response(request))
            if request.method in {"GET", "HEAD"} and response.status_code == 200 and not response.streaming:
                set_response_etag(response)
                response = get_conditional_response(request, etag=response["ETag"], response=response)
        for name, value in allowance.headers().items():
            response[name] = value
        return response

    @staticmethod
    def as_problem(response: HttpResponse) -> HttpResponse:
        """Django's own 404 and 405 pages become problems too (an unknown path, a wrong method)."""
        content_type = response.get("Content-Type", "")
        if response.status_code < 400 or content_type.startswith((PROBLEM_TYPE, "application/json")):
            return response
        detail = {404: _("Nothing here."), 405: _("This method is not allowed here.")}.get(
            response.status_code, _("The request was refused.")
        )
        converted = problem_response(response.status_code, detail)
        if "Allow" in response:
            converted["Allow"] = response["Allow"]
        return converted
