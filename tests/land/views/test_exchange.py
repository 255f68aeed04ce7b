"""Offers and needs pages: validation at the field with nothing saved, a company representative's own needs
only, a need from a synergy pooling, the matches with their reasons and the pipeline."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import signed_in
from tests.land import exchange_builders as build
from tindus.land.models import LandNeed, LandOffer, OfferMatch
from tindus.synergies.models import Opportunity

pytestmark = pytest.mark.django_db
OTHER_SIRET = "90000000200007"


def url(territory, name, **kwargs):
    return reverse(f"land:{name}", kwargs={"slug": territory.slug, **kwargs})


def english(user):
    browser = signed_in(user)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


OFFER = {"title": "Bâtiment 2 000 m²", "kind": "premises", "transaction": "rent", "commune": "21425",
         "surface": "2000", "price_min": "50000", "price_max": "80000", "services": ["power", "fibre"],
         "status": "available"}  # fmt: skip
NEED = {"kind": "premises", "transaction": "either", "surface_min": "1500", "surface_max": "3000",
        "budget_max": "90000", "communes": ["21425"], "services": ["power"], "status": "open"}  # fmt: skip


def test_an_offer_is_saved_and_its_bad_values_are_refused_at_the_field(territory, team):
    browser = english(team)
    bad = {**OFFER, "surface": "0", "price_min": "90000", "price_max": "80000", "commune": "25411"}
    response = browser.post(url(territory, "offer_create"), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["surface"] == ["The surface must be above zero."]
    assert errors["price_max"] == ["The highest price must not be below the lowest."]
    assert "commune" in errors  # not a commune of the territory
    assert not LandOffer.objects.exists()
    assert browser.post(url(territory, "offer_create"), OFFER).status_code == 302
    offer = LandOffer.objects.get(territory=territory)
    assert (offer.surface, offer.services, offer.status) == (2000.0, ["power", "fibre"], "available")
    assert "Bâtiment 2 000 m²" in browser.get(url(territory, "offers")).content.decode()


def test_an_offer_may_rest_on_a_unit_or_brownfield_of_the_territory_only(territory, haut_doubs, team):
    from tindus.land.models import Brownfield

    elsewhere = Brownfield.objects.create(
        territory=haut_doubs, site_id="X", site_nom="Friche", site_type="autre", comm_insee="25411",
        comm_nom="Morteau", longitude=6.6, latitude=47.0,
    )  # fmt: skip
    response = english(team).post(url(territory, "offer_create"), {**OFFER, "brownfield": elsewhere.pk})
    assert response.status_code == 400 and "brownfield" in response.context["form"].errors


def test_a_need_is_checked_siret_and_surfaces(territory, team):
    browser = english(team)
    bad = {**NEED, "siret": "90000000100008", "surface_min": "0", "surface_max": "-5"}
    errors = browser.post(url(territory, "need_create"), bad).context["form"].errors
    assert errors["siret"] == ["This SIRET is not valid: its check digit (Luhn) is wrong."]
    assert errors["surface_min"] == ["The surface must be above zero."]
    reversed_range = {**NEED, "surface_min": "3000", "surface_max": "1000"}
    errors = browser.post(url(territory, "need_create"), reversed_range).context["form"].errors
    assert errors == {"surface_max": ["The largest surface must not be below the smallest."]}
    assert not LandNeed.objects.exists()
    assert browser.post(url(territory, "need_create"), {**NEED, "company_name": "Forge"}).status_code == 302
    assert LandNeed.objects.get().origin == LandNeed.Origin.TEAM


def test_a_company_representative_declares_and_sees_only_its_own_needs(territory, company, company_siret):
    theirs = build.need(territory, siret=OTHER_SIRET, company_name="Voisin")
    browser = english(company)
    refused = browser.post(url(territory, "need_create"), {**NEED, "siret": OTHER_SIRET})
    assert refused.status_code == 400 and "siret" in refused.context["form"].errors
    assert browser.post(url(territory, "need_create"), {**NEED, "siret": company_siret}).status_code == 302
    own = LandNeed.objects.get(siret=company_siret)
    assert (own.origin, own.declared_by) == (LandNeed.Origin.COMPANY, company)
    listed = browser.get(url(territory, "needs"))
    assert [n.pk for n, _communes, _services in listed.context["rows"]] == [own.pk]
    assert browser.get(url(territory, "need_edit", pk=theirs.pk)).status_code == 403
    assert browser.post(url(territory, "need_delete", pk=theirs.pk)).status_code == 403
    assert LandNeed.objects.filter(pk=theirs.pk).exists()
    assert browser.get(url(territory, "offers")).status_code == 403  # offers are the team's and committee's


def test_a_pooling_gives_one_need(territory, team):
    pooling = Opportunity.objects.create(
        territory=territory, kind="pooling", title="Entrepôt mutualisé", category="logistique", signature="pooling:e",
        companies=[{"siret": "90000000100009", "name": "Scierie", "role": "member"},
                   {"siret": OTHER_SIRET, "name": "Forge", "role": "member"}],
    )  # fmt: skip
    browser = english(team)
    assert browser.get(url(territory, "needs")).context["pooling"] is not None
    data = {"pooling-opportunity": pooling.pk, "pooling-kind": "premises", "pooling-transaction": "rent",
            "pooling-surface_min": "800", "pooling-surface_max": ""}  # fmt: skip
    assert browser.post(url(territory, "need_from_pooling"), data).status_code == 302
    need = LandNeed.objects.get(territory=territory)
    assert (need.origin, need.source_reference, need.company_name, need.surface_min) == (
        LandNeed.Origin.POOLING, f"opportunity:{pooling.pk}", "Scierie, Forge", 800.0,
    )  # fmt: skip
    browser.post(url(territory, "need_from_pooling"), data)
    assert LandNeed.objects.count() == 1  # once per pooling
    bad = browser.post(url(territory, "need_from_pooling"), {**data, "pooling-surface_min": "0"})
    assert bad.status_code == 400 and "surface_min" in bad.context["pooling"].errors


def test_matches_show_reasons_and_concluding_takes_the_offer_and_meets_the_need(territory, team, committee):
    offer = build.offer(territory)
    need = build.need(territory)
    build.offer(territory, title="Trop petit", surface=500.0)
    english(team).post(url(territory, "matches_refresh"))
    match = OfferMatch.objects.get()
    assert match.offer == offer and match.stage == "proposed"
    page = english(committee).get(url(territory, "matches"))
    ((shown_need, proposals),) = page.context["needs"]
    ((shown, reasons, form),) = proposals
    assert shown == match and form is None  # the committee reads, does not move
    assert "required services present: rail siding" in reasons
    assert any(r.startswith("in a wished commune (") for r in reasons)
    browser = english(team)
    assert (
        browser.post(url(territory, "match_stage", pk=match.pk), {"stage": "visit", "note": "le 3 mars"}).status_code
        == 302
    )
    browser.post(url(territory, "match_stage", pk=match.pk), {"stage": "concluded"})
    match.refresh_from_db()
    offer.refresh_from_db()
    need.refresh_from_db()
    assert (match.stage, match.note, offer.status, need.status) == ("concluded", "le 3 mars", "taken", "met")
    assert english(committee).post(url(territory, "match_stage", pk=match.pk), {"stage": "dropped"}).status_code == 403
