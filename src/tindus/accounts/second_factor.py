"""The optional second factor: a six-digit code from an authenticator app (TOTP, django-otp).

A team member or an administrator adds it from their account page: Tindus makes a secret key, shows it
as a QR code drawn on the server (segno: nothing leaves the machine) and keeps it once the person has
typed a first code from their app. From then on, signing in asks for a code after the password.
Administrators must have one when ``OTP_REQUIRED_FOR_ADMINS`` is on (the default in production).
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

# The person who gave the right password and still has to type their code, kept in the session.
PENDING_KEY = "tindus_pending_sign_in"
PENDING_SECONDS = 300


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user: Any) -> bool:
    """Must this user have a second factor? Administrators, when the platform says so."""
    return bool(settings.OTP_REQUIRED_FOR_ADMINS and user.is_authenticated and user.is_superuser)


def device_to_confirm(user: Any) -> TOTPDevice:
    """The key being set up: the same one until it is confirmed, so that reloading the page changes nothing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Tindus", confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    """The QR code an authenticator app scans, as an SVG ``data:`` address (allowed by the page's policy)."""
    return segno.make_qr(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def key_text(device: TOTPDevice) -> str:
    """The secret key in base 32, by groups of four, for apps that take it typed in."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@dataclass(frozen=True)
class CodeCheck:
    accepted: bool
    wait_seconds: int = 0  # when refused because of too many wrong codes in a row


def check_code(device: TOTPDevice, code: str) -> CodeCheck:
    """Verify ``code`` on ``device`` under a row lock, so that two requests cannot both use one code.

    django-otp refuses a code already used and doubles the wait after each wrong one (1 s, 2 s, 4 s…).
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, data = device.verify_is_allowed()
        if not allowed:
            wait = (data["locked_until"] - timezone.now()).total_seconds() if data.get("locked_until") else 1
            return CodeCheck(False, max(1, round(wait)))
        return CodeCheck(device.verify_token(code))


def begin_pending(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "until": int(time.time()) + PENDING_SECONDS,
    }


def pending(request: HttpRequest) -> tuple[Any, str] | None:
    """The user waiting to type their code, and where to send them next; None if none or too late."""
    data = request.session.get(PENDING_KEY)
    if not data or data["until"] < time.time():
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        return None
    user.backend = data["backend"]
    return user, data["next"]


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
