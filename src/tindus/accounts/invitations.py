"""Invitation emails: a new member receives a one-time link to choose their password.

Sent from a task worker (:mod:`tindus.accounts.tasks`), so it takes what a request would have given:
the site's absolute base address and the inviter's id.
"""

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tindus.territories.models import Territory


def invitation_link(user: User, site: str) -> str:
    """The password-setting link (Django's reset token: single use, time-limited) under ``site``."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site.rstrip("/") + path


def send_invitation(user: User, territory: Territory, *, site: str, inviter_id: int | None) -> None:
    """Email ``user`` a password-setting link; ``site`` is the absolute base address (``https://host/``)."""
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    context = {"territory": territory, "inviter": inviter, "link": invitation_link(user, site)}
    subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
