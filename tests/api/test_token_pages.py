"""The pages of personal API tokens: create (secret shown once), limits of role and expiry at the field,
revoke by the holder and by the territory team, and what other people may not see or do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tests.api_clients import ApiClient, bearer
from tests.conftest import signed_in
from tests.factories import MembershipFactory
from tindus.api.models import ApiToken
from tindus.api.tokens import MAX_LIFETIME
from tindus.core.history import territory_history
from tindus.core.history_display import describe

pytestmark = pytest.mark.django_db
MINE = reverse("api_tokens:mine")


def form_data(territory, role="committee", name="carnet", days=30, **changes):
    data = {
        "token-territory": territory.pk,
        "token-role": role,
        "token-name": name,
        "token-expires_on": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
    }
    data.update({f"token-{key}": value for key, value in changes.items()})
    return data


def secret_in(response) -> str | None:
    found = re.search(rb'id="new-token-secret" value="(tdu_[^"]+)"', response.content)
    return found.group(1).decode() if found else None


def test_created_token_is_shown_once_and_opens_the_api(team_client, team, territory):
    response = team_client.post(MINE, form_data(territory, role="committee"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = secret_in(response)
    assert secret
    token = ApiToken.objects.get(user=team)
    assert (token.territory, token.role, token.name) == (territory, "committee", "carnet")
    assert token.digest != secret and secret not in token.digest  # only the hash is kept
    me = ApiClient(secret).get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["role"] == "committee" and me.json()["territory"] == territory.slug
    # Shown once: the list afterwards names the token but never holds its secret again.
    listing = team_client.get(MINE)
    assert b"carnet" in listing.content and token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content


def test_default_expiry_is_ninety_days(team_client):
    form = team_client.get(MINE).context["form"]
    assert form["expires_on"].value() == timezone.localdate() + dt.timedelta(days=90)


def test_expiry_is_the_end_of_the_chosen_day_within_the_longest_lifetime(team_client, team, territory):
    team_client.post(MINE, form_data(territory, days=MAX_LIFETIME.days))
    token = ApiToken.objects.get(user=team)
    assert token.expires_at <= timezone.now() + MAX_LIFETIME
    assert timezone.localtime(token.expires_at).date() >= timezone.localdate() + dt.timedelta(
        days=MAX_LIFETIME.days - 1
    )


def test_a_role_above_the_holders_is_refused_at_the_field(partner_client, partner, territory):
    response = partner_client.post(MINE, form_data(territory, role="team"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["role"]
    assert not ApiToken.objects.filter(user=partner).exists()
    # The partner's own role is fine.
    assert secret_in(partner_client.post(MINE, form_data(territory, role="partner")))


def test_a_territory_without_a_role_is_refused_at_the_field(partner_client, partner, haut_doubs):
    response = partner_client.post(MINE, form_data(haut_doubs, role="partner"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["territory"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", [-1, 0, MAX_LIFETIME.days + 1, 1000])
def test_an_expiry_in_the_past_or_too_far_is_refused_at_the_field(team_client, territory, days):
    response = team_client.post(MINE, form_data(territory, days=days))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["expires_on"]
    assert b'id="id_token-expires_on_errors"' in response.content
    assert not ApiToken.objects.exists()


def test_missing_fields_are_named(team_client, territory):
    response = team_client.post(MINE, form_data(territory, name="", expires_on=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "expires_on"}
    assert not ApiToken.objects.exists()


def test_the_holder_revokes_after_confirming(team_client, team, territory):
    secret = bearer(team, territory, "team")
    token = ApiToken.objects.get(user=team)
    url = reverse("api_tokens:revoke_mine", kwargs={"pk": token.pk})
    confirm = team_client.get(url)
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not revoking
    assert team_client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == team
    assert ApiClient(secret).get("/api/v1/me").status_code == 401
    assert b"revoked" in team_client.get(MINE).content or "révoqué".encode() in team_client.get(MINE).content


def test_nobody_revokes_a_token_of_someone_else_from_their_account(partner_client, team, territory):
    bearer(team, territory, "team")
    token = ApiToken.objects.get(user=team)
    url = reverse("api_tokens:revoke_mine", kwargs={"pk": token.pk})
    assert partner_client.get(url).status_code == 404
    assert partner_client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_team_lists_and_revokes_any_token_of_its_territory(team_client, team, partner, territory):
    secret = bearer(partner, territory, "partner")
    token = ApiToken.objects.get(user=partner)
    page = team_client.get(reverse("api_tokens:territory", kwargs={"slug": territory.slug}))
    assert page.status_code == 200
    assert partner.email.encode() in page.content or partner.last_name.encode() in page.content
    assert token.prefix.encode() in page.content
    url = reverse("api_tokens:revoke", kwargs={"slug": territory.slug, "pk": token.pk})
    assert team_client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == team
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_a_partner_cannot_see_the_team_page(partner_client, partner, territory):
    token_page = reverse("api_tokens:territory", kwargs={"slug": territory.slug})
    assert partner_client.get(token_page).status_code == 403
    bearer(partner, territory, "partner")
    token = ApiToken.objects.get(user=partner)
    revoke = reverse("api_tokens:revoke", kwargs={"slug": territory.slug, "pk": token.pk})
    assert partner_client.post(revoke).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_team_cannot_revoke_a_token_of_another_territory(team_client, territory, haut_doubs):
    other = MembershipFactory(territory=haut_doubs, role="team").user
    bearer(other, haut_doubs, "team")
    token = ApiToken.objects.get(user=other)
    # Through its own territory's page: not found; through the other territory's page: forbidden.
    own_path = reverse("api_tokens:revoke", kwargs={"slug": territory.slug, "pk": token.pk})
    assert team_client.post(own_path).status_code == 404
    other_path = reverse("api_tokens:revoke", kwargs={"slug": haut_doubs.slug, "pk": token.pk})
    assert team_client.post(other_path).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    page = team_client.get(reverse("api_tokens:territory", kwargs={"slug": territory.slug}))
    assert token.prefix.encode() not in page.content


def test_creation_and_revocation_are_in_the_territorys_history(team_client, team, territory):
    team_client.post(MINE, form_data(territory, role="partner", name="tableur"))
    token = ApiToken.objects.get(user=team)
    team_client.post(reverse("api_tokens:revoke_mine", kwargs={"pk": token.pk}))
    entries = list(territory_history(territory.pk, editor=False).filter(
        content_type=ContentType.objects.get_for_model(ApiToken), object_pk=str(token.pk)))  # fmt: skip
    assert [e.action for e in entries] == [LogEntry.Action.UPDATE, LogEntry.Action.CREATE]
    assert all(e.actor == team for e in entries)
    rows = describe(entries)
    created = next(row for row in rows if row.action == LogEntry.Action.CREATE)
    assert "tableur" in created.name
    assert any(change.field.name == "role" for change in created.changes)
    assert not any("digest" in str(change) or token.digest in str(change) for row in rows for change in row.changes)
    history_page = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug}))
    assert b"tableur" in history_page.content


def test_account_and_members_pages_link_to_the_token_pages(team_client, partner_client, territory):
    assert MINE.encode() in team_client.get(reverse("accounts:profile")).content
    assert MINE.encode() in partner_client.get(reverse("accounts:profile")).content
    members = team_client.get(reverse("accounts:members", kwargs={"slug": territory.slug}))
    assert reverse("api_tokens:territory", kwargs={"slug": territory.slug}).encode() in members.content


def test_the_token_pages_need_a_sign_in(client, territory):
    response = client.get(MINE)
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_documentation_page_is_public_and_reads_the_limits_from_the_settings(client, settings):
    settings.TINDUS_API_RATE_ADDRESS = 123
    settings.TINDUS_API_RATE_TOKEN = 4567
    response = client.get(reverse("api_tokens:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "123" in text and "4567" in text
    assert reverse("api-v1:openapi-json") in text and reverse("api-v1:openapi-view") in text
    assert "/api/v1/territories" in text and "/api/v1/me" in text  # from the served description
    assert reverse("api_tokens:docs") in client.get(reverse("home")).content.decode()


def test_signed_in_user_reaches_the_page_by_the_footer(territory, team):
    response = signed_in(team).get(reverse("accounts:profile"))
    assert reverse("api_tokens:docs").encode() in response.content
