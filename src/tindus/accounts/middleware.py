"""Session limits and the administrators' second factor, checked on every request of a signed-in person."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import second_factor as factor

SIGNED_IN_AT = "tindus_signed_in_at"
SEEN_AT = "tindus_seen_at"
# The session's expiry moves forward with activity, but it is written at most this often: a signed-in
# person's every page does not rewrite their session row.
REFRESH_SECONDS = 300


def mark_signed_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the absolute session limit counts from here."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """A session ends after ``SESSION_COOKIE_AGE`` seconds without a request (its expiry is renewed by
    activity) and ``SESSION_MAX_AGE`` seconds after signing in, whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(request, _("Your session has ended: sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - session.get(SEEN_AT, 0) >= REFRESH_SECONDS:
                session[SEEN_AT] = now  # a modified session is saved with a new expiry
        return self.get_response(request)


class AdminSecondFactorMiddleware:
    """With ``OTP_REQUIRED_FOR_ADMINS``, an administrator goes nowhere without a verified second factor:
    to its set-up page if they have none, back to the sign-in page if this session did not verify it."""

    OPEN_URLS = ("accounts:second_factor", "accounts:logout", "accounts:login", "accounts:login_code", "health",
                 "set_language")  # fmt: skip

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        open_paths = {reverse(name) for name in self.OPEN_URLS}
        if factor.required_for(user) and not user.is_verified() and request.path not in open_paths:
            if factor.confirmed_device(user) is None:
                messages.warning(request, _("Administrators must sign in with a code: set up your app first."))
                return redirect("accounts:second_factor")
            logout(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
