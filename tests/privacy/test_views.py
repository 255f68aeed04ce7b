"""The personal data pages: platform administrators for persons and every territory, a territory's team
for what its territory holds about a company; every export and erasure recorded, with who did it."""

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import MembershipFactory, UserFactory
from tests.privacy.conftest import EMAIL, SIRET
from tindus.accounts.models import Role
from tindus.privacy.models import Record
from tindus.synergies.models import Declaration

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return signed_in(UserFactory(is_superuser=True, is_staff=True))


def test_the_page_has_both_forms_with_ids_of_their_own(admin):
    response = admin.get(reverse("privacy:home"))
    html = response.content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'id="id_person-email"' in html and 'id="id_company-siret"' in html
    assert reverse("privacy:person_erase") in html and reverse("privacy:company_erase") in html


def test_an_admin_exports_a_person_and_the_log_says_so(admin, person):
    response = admin.post(
        reverse("privacy:person_export"),
        {"person-email": EMAIL, "person-request_reference": "courrier du 3 mars", "format": "json"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["subject"] == EMAIL
    record = Record.objects.get()
    assert (record.action, record.subject, record.channel, record.request_reference) == (
        "export",
        EMAIL,
        "web",
        "courrier du 3 mars",
    )
    assert record.actor.is_superuser
    log = admin.get(reverse("privacy:log")).content.decode()
    assert EMAIL in log and "courrier du 3 mars" in log


def test_an_unknown_address_is_said_at_the_field_and_nothing_is_recorded(admin):
    response = admin.post(reverse("privacy:person_export"), {"person-email": "personne@example.test", "format": "zip"})
    assert response.status_code == 400
    assert "id_person-email_errors" in response.content.decode()
    assert not Record.objects.exists()


def test_an_erasure_shows_what_it_changes_and_needs_the_address_typed_again(admin, person):
    url = reverse("privacy:person_erase")
    step = admin.post(url, {"person-email": EMAIL})
    page = step.content.decode()
    assert step.status_code == 200 and 'id="effects"' in page and 'name="confirm-confirm"' in page
    wrong = admin.post(url, {"person-email": EMAIL, "confirm-confirm": "autre@example.test"})
    assert wrong.status_code == 400 and "id_confirm-confirm_errors" in wrong.content.decode()
    person.refresh_from_db()
    assert person.is_active and not Record.objects.exists()
    done = admin.post(url, {"person-email": EMAIL, "confirm-confirm": EMAIL.upper()})
    assert done.status_code == 302 and done["Location"] == reverse("privacy:log")
    person.refresh_from_db()
    assert not person.is_active and person.email == ""
    log = admin.get(reverse("privacy:log")).content.decode()
    assert f"anonymised account no. {person.pk}" in log or f"compte anonymisé n° {person.pk}" in log


def test_an_admin_cannot_erase_their_own_account(admin):
    me = admin.get(reverse("accounts:profile")).wsgi_request.user
    response = admin.post(reverse("privacy:person_erase"), {"person-email": me.email, "confirm-confirm": me.email})
    assert response.status_code == 400
    me.refresh_from_db()
    assert me.is_active


def test_the_workspace_of_an_erased_person_shows_a_neutral_label(admin, person, haut_doubs):
    admin.post(reverse("privacy:person_erase"), {"person-email": EMAIL, "confirm-confirm": EMAIL})
    page = admin.get(reverse("territories:workspace", args=[haut_doubs.slug])).content.decode()
    assert "Avis sur la stratégie" in page and "ancien membre" in page
    history = admin.get(reverse("territories:history", args=[haut_doubs.slug])).content.decode()
    assert "ancien membre" in history and "anonymised-" not in history


def test_a_team_exports_only_what_its_territory_holds(company, haut_doubs):
    team = signed_in(MembershipFactory(territory=haut_doubs, role=Role.TEAM).user)
    url = reverse("privacy_territory:company", args=[haut_doubs.slug])
    assert 'id="id_company-siret"' in team.get(url).content.decode()
    response = team.post(url, {"company-siret": "356 000 000 00048", "format": "json"})
    export = json.loads(response.content)
    declarations = next(s for s in export["sections"] if s["id"] == "declarations")
    assert export["scope"] == haut_doubs.name and len(declarations["rows"]) == 1
    assert Record.objects.get().territory == haut_doubs
    assert SIRET in team.get(url).content.decode()  # the territory's log


def test_a_team_erases_a_company_from_its_territory_only(company, haut_doubs, auxois):
    team = signed_in(MembershipFactory(territory=haut_doubs, role=Role.TEAM).user)
    url = reverse("privacy_territory:company_erase", args=[haut_doubs.slug])
    assert team.post(url, {"company-siret": SIRET}).status_code == 200
    assert Declaration.objects.filter(territory=haut_doubs, siret=SIRET).exists()  # not before confirmation
    done = team.post(url, {"company-siret": SIRET, "confirm-confirm": SIRET})
    assert done.status_code == 302
    assert not Declaration.objects.filter(territory=haut_doubs, siret=SIRET).exists()
    assert Declaration.objects.filter(territory=auxois, siret=SIRET).exists()


def test_a_malformed_siret_is_said_at_the_field(company, haut_doubs):
    team = signed_in(MembershipFactory(territory=haut_doubs, role=Role.TEAM).user)
    url = reverse("privacy_territory:company", args=[haut_doubs.slug])
    response = team.post(url, {"company-siret": "3560", "format": "json"})
    assert response.status_code == 400 and "id_company-siret_errors" in response.content.decode()
    assert not Record.objects.exists()


def test_the_links_reach_who_may_open_them(person, haut_doubs):
    team = signed_in(MembershipFactory(territory=haut_doubs, role=Role.TEAM).user)
    committee = signed_in(MembershipFactory(territory=haut_doubs, role=Role.COMMITTEE).user)
    company_url = reverse("privacy_territory:company", args=[haut_doubs.slug])
    workspace = reverse("territories:workspace", args=[haut_doubs.slug])
    assert company_url in team.get(workspace).content.decode()
    assert company_url not in committee.get(workspace).content.decode()
    admin = signed_in(UserFactory(is_superuser=True))
    assert reverse("privacy:home") in admin.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:home") not in team.get(reverse("accounts:profile")).content.decode()
