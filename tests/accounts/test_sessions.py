"""Sessions end after eight hours without a request, and a day after signing in whatever the activity."""

import datetime
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tindus.accounts.middleware import REFRESH_SECONDS, SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")


def signed_in_with_password() -> tuple[Client, object]:
    user = UserFactory()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client, user


def age_session(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def expiry(client: Client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_defaults_are_eight_hours_idle_and_a_day_at_most():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_MAX_AGE == 24 * 3600


def test_activity_moves_the_expiry_forward_at_most_every_five_minutes():
    client, _user = signed_in_with_password()
    first = expiry(client)
    assert abs((first - timezone.now()).total_seconds() - 8 * 3600) < 60
    client.get(PROFILE)
    assert expiry(client) == first  # seen a moment ago: the session row is not rewritten
    age_session(client, seen=REFRESH_SECONDS + 1)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client.get(PROFILE).status_code == 200
    assert abs((expiry(client) - timezone.now()).total_seconds() - 8 * 3600) < 60


def test_an_idle_session_has_ended():
    client, _user = signed_in_with_password()
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(PROFILE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_session_ends_a_day_after_signing_in_however_active():
    client, _user = signed_in_with_password()
    age_session(client, signed_in=24 * 3600 - 60, seen=0)
    assert client.get(PROFILE).status_code == 200
    age_session(client, signed_in=24 * 3600 + 1, seen=0)
    response = client.get(PROFILE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get(PROFILE).status_code == 302
