"""Sign-in throttling against password guessing, with django-axes.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one username from one address, that pair may not sign
in for ``AXES_COOLOFF_TIME`` (settings). Failures are counted in the database, so that every server
process and every machine sees the same count, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a web sign-in while its username and address are locked; lets every other one through.

    Only the sign-in form authenticates with a request. Authentication without one (the test client,
    a command) is not a web sign-in and is left to the next backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> None:  # fmt: skip
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def normalised(name: str) -> str:
    """The username failures are counted for: trimmed and lower-cased, as accounts are (their email)."""
    return str(name).strip().lower()


def username(request: HttpRequest, credentials: dict | None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the normalised username of a sign-in attempt."""
    return normalised((credentials or {}).get("username") or request.POST.get("username", ""))


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind ``PROXY_COUNT`` trusted proxies, the one the first proxy saw.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``; the entries a
    client writes itself come before, so only the last ``PROXY_COUNT`` ones are trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote


def lock_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:  # fmt: skip
    """The sign-in page again, with the lock explained in French (django-axes' lockout response)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = AuthenticationForm(request, initial={"username": username(request, credentials)})
    context = {"form": form, "next": next_url, "locked_out": True, "lock_minutes": lock_minutes()}
    return render(request, "registration/login.html", context, status=429)
