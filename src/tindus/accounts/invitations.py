"""Invitation emails: a new member receives a one-time link to choose their password."""

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tindus.territories.models import Territory


def send_invitation(request: HttpRequest, user: User, territory: Territory) -> None:
    """Email ``user`` a password-setting link (Django's reset token: single use, time-limited)."""
    site = get_current_site(request)
    context = {
        "territory": territory,
        "inviter": request.user,
        "domain": site.domain,
        "site_name": site.name,
        "protocol": "https" if request.is_secure() else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
