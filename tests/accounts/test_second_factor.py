"""The optional second factor: set up with a real authenticator code, then asked after the password."""

import re
import time
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import signed_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SETUP = reverse("accounts:second_factor")
LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for ``device`` now (or ``steps_ahead`` periods of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {code_for(device, k) for k in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def set_up(client: Client, user) -> TOTPDevice:
    """What a person does on the set-up page: scan the key, type the code their app shows."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"add-code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_team_member_sets_up_the_second_factor_from_a_qr_code_drawn_locally(team):
    client = signed_in(team)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'class="button button-secondary" href="{SETUP}"' in profile  # off, with the button to turn it on
    response = client.get(SETUP)
    assert "no-store" in response["Cache-Control"]  # the page shows the secret key
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=team, confirmed=False)
    qr = re.search(r'<img class="qr" src="(data:image/svg\+xml[^"]+)"', page)
    assert qr is not None  # a data: address: nothing is asked of another server
    assert "%3Csvg" in qr.group(1)
    key = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert f"secret={key}" in unquote(device.config_url)
    assert "issuer=Tindus" in device.config_url
    # Reloading the page keeps the same key.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=team).count() == 1
    # A wrong code leaves it off, with the reason at the field.
    response = client.post(SETUP, {"add-code": wrong_code(device)})
    assert response.status_code == 400 and response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    response = client.post(SETUP, {"add-code": "12 34"})
    assert response.status_code == 400 and response.context["form"].errors["code"]
    device.throttle_reset()
    set_up(client, team)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'<a href="{SETUP}">' in profile and f'class="button button-secondary" href="{SETUP}"' not in profile


def test_sign_in_asks_for_the_code_after_the_password(team):
    device = set_up(signed_in(team), team)
    client = Client()
    response = client.post(LOGIN, {"username": team.username, "password": PASSWORD, "next": "/compte/"})
    assert response.status_code == 302 and response["Location"] == CODE
    assert "_auth_user_id" not in client.session  # not signed in before the code
    assert client.get(reverse("accounts:profile")).status_code == 302
    page = client.get(CODE)
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(CODE, {"code": wrong_code(device)})
    assert response.status_code == 400 and response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(CODE, {"code": code_for(device, 1)})  # the next period: the set-up code is spent
    assert response.status_code == 302 and response["Location"] == "/compte/"
    assert client.session["_auth_user_id"] == str(team.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    # A code cannot be used twice.
    other = Client()
    other.post(LOGIN, {"username": team.username, "password": PASSWORD})
    response = other.post(CODE, {"code": code_for(device, 1)})
    assert response.status_code == 400 and "_auth_user_id" not in other.session


def test_wrong_codes_in_a_row_make_the_person_wait_then_start_again(team, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait between tries here: only the count matters
    device = set_up(signed_in(team), team)
    client = Client()
    client.post(LOGIN, {"username": team.username, "password": PASSWORD})
    for _ in range(4):
        assert client.post(CODE, {"code": wrong_code(device)}).status_code == 400
    response = client.post(CODE, {"code": wrong_code(device)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    # The password is needed again: the code page alone no longer signs in.
    assert client.post(CODE, {"code": code_for(device, 1)})["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_after_a_wrong_code_the_device_asks_to_wait(team):
    device = set_up(signed_in(team), team)
    client = Client()
    client.post(LOGIN, {"username": team.username, "password": PASSWORD})
    client.post(CODE, {"code": wrong_code(device)})
    response = client.post(CODE, {"code": code_for(device, 1)})  # right code, but too soon after a wrong one
    assert response.status_code == 400
    assert re.search(r"\d", " ".join(response.context["form"].errors["code"]))
    assert "_auth_user_id" not in client.session


def test_the_code_page_expires(team):
    device = set_up(signed_in(team), team)
    client = Client()
    client.post(LOGIN, {"username": team.username, "password": PASSWORD})
    session = client.session
    session["tindus_pending_sign_in"]["until"] = int(time.time()) - 1
    session.save()
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_without_a_second_factor_the_password_is_enough(team):
    response = Client().post(LOGIN, {"username": team.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")


def test_removing_it_needs_a_current_code(team):
    client = signed_in(team)
    device = set_up(client, team)
    response = client.post(SETUP, {"remove-code": wrong_code(device)})
    assert response.status_code == 400 and TOTPDevice.objects.filter(user=team).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(SETUP, {"remove-code": code_for(device, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=team).exists()
    assert Client().post(LOGIN, {"username": team.username, "password": PASSWORD})["Location"] != CODE


def test_only_team_members_and_administrators_may_set_it_up(committee, partner, company):
    for user in (committee, partner, company):
        assert signed_in(user).get(SETUP).status_code == 403
        assert SETUP not in signed_in(user).get(reverse("accounts:profile")).content.decode()
    admin = UserFactory(is_superuser=True)
    assert signed_in(admin).get(SETUP).status_code == 200


def test_administrators_must_have_it_when_the_platform_requires_it(settings, territory):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    admin = UserFactory(is_superuser=True)
    client = signed_in(admin)
    response = client.get(territory.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == SETUP
    device = set_up(client, admin)
    assert client.get(territory.get_absolute_url()).status_code == 200
    # A session that did not verify the code is sent back to sign in.
    unverified = signed_in(admin)
    response = unverified.get(territory.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in unverified.session
    # Signing in with the password and the code opens everything.
    browser = Client()
    browser.post(LOGIN, {"username": admin.username, "password": PASSWORD})
    browser.post(CODE, {"code": code_for(device, 1)})
    assert browser.get(territory.get_absolute_url()).status_code == 200
    # Team members are not forced.
    settings.OTP_REQUIRED_FOR_ADMINS = True
    member = UserFactory()
    assert signed_in(member).get(territory.get_absolute_url()).status_code == 200


def test_an_administrator_removes_a_lost_phone_from_the_command_line(team):
    device = set_up(signed_in(team), team)
    call_command("account", "reset-second-factor", team.email, stdout=StringIO())
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert Client().post(LOGIN, {"username": team.username, "password": PASSWORD})["Location"] != CODE
    with pytest.raises(CommandError):
        call_command("account", "reset-second-factor", team.email)
