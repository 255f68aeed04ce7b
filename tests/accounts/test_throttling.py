"""Password guessing: after five wrong passwords for one account from one address, that pair is locked."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tindus.accounts.throttling import client_ip

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_from_that_address(client):
    user = UserFactory()
    for _ in range(4):
        response = sign_in(client, user.username, "not-the-password")
        assert response.status_code == 200 and response.context["form"].errors
    response = sign_in(client, user.username, "still-not-it")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'id="login-locked"' in page and 'role="alert"' in page and "15 minutes" in page
    assert 'id="id_username"' in page  # the form is there again, with the username kept
    assert user.username in page
    # Even the right password is refused while the lock lasts, and nobody is signed in.
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The username is counted whatever its case.
    assert sign_in(client, user.username.upper(), PASSWORD).status_code == 429


def test_the_lock_is_for_that_account_and_that_address_only(client):
    user, other = UserFactory(), UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong")
    assert sign_in(Client(), user.username, PASSWORD, address="198.51.100.9").status_code == 302
    assert sign_in(Client(), other.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(client):
    user = UserFactory()
    for _ in range(4):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_login_page_says_wrong_passwords_lock_signing_in(client):
    page = client.get(LOGIN).content.decode()
    assert "15 minutes" in page and 'id="login-locked"' not in page


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy: a client's own header is ignored
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # what the client wrote itself comes first
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.5", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.2"),  # fewer entries than proxies: the direct peer
    ],
)
def test_client_address_behind_proxies(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_each_client_is_locked_alone(client, settings):
    settings.PROXY_COUNT = 1
    user = UserFactory()
    for _ in range(5):
        client.post(LOGIN, {"username": user.username, "password": "x"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.7")  # fmt: skip
    locked = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                         HTTP_X_FORWARDED_FOR="203.0.113.7")  # fmt: skip
    assert locked.status_code == 429
    other = Client().post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.9")  # fmt: skip
    assert other.status_code == 302


def test_an_administrator_unlocks_an_account_from_the_command_line(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    out = StringIO()
    call_command("account", "unlock", user.email.upper(), stdout=out)
    assert user.email in out.getvalue()
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    with pytest.raises(CommandError, match="nobody@example.test"):
        call_command("account", "unlock", "nobody@example.test")
