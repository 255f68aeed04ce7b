"""A territory team adds people with a role; invitations and password resets go by email."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory
from tindus.accounts.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(haut_doubs):
    """The team of these tests is Haut-Doubs Horloger's."""
    return haut_doubs


def members_url(territory):
    return reverse("accounts:members", kwargs={"slug": territory.slug})


def test_adding_a_new_person_sends_an_invitation_that_sets_a_password(team_client, haut_doubs, client):
    response = team_client.post(
        members_url(haut_doubs),
        {"email": "Elue@Mairie.test", "first_name": "Anne", "last_name": "Élue", "role": "committee"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="elue@mairie.test")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, territory=haut_doubs, role="committee").exists()
    assert len(mail.outbox) == 1 and "Haut-Doubs Horloger" in mail.outbox[0].body
    link = re.search(r"http://testserver(/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Horlogerie-de-Morteau-2026", "new_password2": "Horlogerie-de-Morteau-2026"},
    )
    assert response.status_code == 302
    assert client.login(username=user.username, password="Horlogerie-de-Morteau-2026")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "x@y.test", "role": "company", "company_siret": ""}, "company_siret"),
        ({"email": "x@y.test", "role": "company", "company_siret": "90000000100008"}, "company_siret"),
        ({"email": "x@y.test", "role": "company", "company_siret": "1234"}, "company_siret"),
        ({"email": "x@y.test", "role": "partner", "company_siret": "90000000100009"}, "company_siret"),
        ({"email": "pas-un-email", "role": "partner"}, "email"),
        ({"email": "x@y.test", "role": "chef"}, "role"),
    ],
)
def test_bad_member_input_is_refused_at_the_field(team_client, haut_doubs, data, field):
    before = (User.objects.count(), Membership.objects.count())
    response = team_client.post(members_url(haut_doubs), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (User.objects.count(), Membership.objects.count()) == before
    assert mail.outbox == []


def test_same_role_twice_is_refused(team_client, haut_doubs):
    existing = MembershipFactory(territory=haut_doubs, role="partner")
    response = team_client.post(members_url(haut_doubs), {"email": existing.user.email, "role": "partner"})
    assert "email" in response.context["form"].errors


def test_password_reset_mail_uses_the_namespaced_link(client, haut_doubs):
    user = MembershipFactory(territory=haut_doubs).user
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert re.search(r"/mot-de-passe/[^/]+/[^/]+/", mail.outbox[0].body)
