"""Local recruitment needs: a company representative declares its own establishment's and no other's; the team
declares for any company; the needs table counts them beside the BMO figures."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.employment.analysis import needs_report
from tindus.employment.models import LocalNeed

from .conftest import in_english

pytestmark = pytest.mark.django_db
NEED = {"job": "D0X31", "rome": "", "count": 3, "horizon": 6, "difficulty": "strong", "commune": "25411",
        "company_name": "Décolletage du Val", "label": "", "reasons": "Pas de candidats"}  # fmt: skip


def url(territory, name, **kwargs):
    return reverse(f"employment:{name}", kwargs={"slug": territory.slug, **kwargs})


def test_a_company_declares_for_its_own_establishment_only(territory, company, company_siret):
    browser = in_english(company)
    response = browser.post(url(territory, "need_create"), {**NEED, "siret": "35600000000048"})
    assert response.status_code == 400 and not LocalNeed.objects.exists()
    browser.post(url(territory, "need_create"), {**NEED, "siret": company_siret})
    need = LocalNeed.objects.get()
    assert (need.siret, need.origin, need.declared_by, need.label) == (
        company_siret,
        "company",
        company,
        "Ouvriers qualifiés en conduite d'équipement d'usinage",
    )


def test_a_company_neither_sees_nor_edits_another_s_need(territory, company, team):
    other = LocalNeed.objects.create(territory=territory, origin="team", siret="35600000000048", job="D0X31",
                                     count=1, difficulty="low", company_name="Autre entreprise")  # fmt: skip
    browser = in_english(company)
    assert "Autre entreprise" not in browser.get(url(territory, "needs")).content.decode()
    assert browser.get(url(territory, "need_edit", pk=other.pk)).status_code == 403
    assert browser.post(url(territory, "need_delete", pk=other.pk)).status_code == 403
    assert LocalNeed.objects.filter(pk=other.pk).exists()
    assert "Autre entreprise" in in_english(team).get(url(territory, "needs")).content.decode()


def test_a_need_gives_a_job_or_a_known_rome_code(territory, team):
    browser = in_english(team)
    response = browser.post(url(territory, "need_create"), {**NEED, "job": "", "rome": "Z9999", "siret": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "is not a ROME 4.0 code" in page
    response = browser.post(url(territory, "need_create"), {**NEED, "job": "", "rome": "", "siret": ""})
    assert "Choose a BMO job or give a ROME code." in response.content.decode()
    response = browser.post(url(territory, "need_create"), {**NEED, "count": 0, "siret": ""})
    assert response.status_code == 400 and not LocalNeed.objects.exists()


def test_the_table_counts_declared_needs_in_the_territory_and_their_epci(national_bmo, territory, team):
    in_english(team).post(url(territory, "need_create"), {**NEED, "siret": ""})
    report = needs_report(territory)
    row = next(r for r in report.territory_table.rows if r.need.job == "D0X31")
    assert (row.declared_needs, row.declared_people) == (1, 3)
    morteau = next(t for t in report.epci_tables if t.area.name == "CC du Val de Morteau")
    assert next(r for r in morteau.rows if r.need.job == "D0X31").declared_people == 3
    maiche = next(t for t in report.epci_tables if t.area.name == "CC du Pays de Maîche")
    assert all(r.declared_people == 0 for r in maiche.rows)


def test_a_partner_may_not_declare(territory, partner):
    assert in_english(partner).get(url(territory, "need_create")).status_code == 403
    member = MembershipFactory(territory=territory, role=Role.COMMITTEE).user
    assert in_english(member).get(url(territory, "needs")).status_code == 403
