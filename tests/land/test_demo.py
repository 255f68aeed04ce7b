"""The land demo of a seed territory: synthetic zones around the warehouse's establishments, occupants proposed
from it, the real Cartofriches brownfields of its départements, a consultation in progress and a need matched
to a plot."""

import datetime as dt

import pytest

from tindus.land.compute.friches import read_cartofriches
from tindus.land.compute.procedure import Timeline
from tindus.land.demo import load_demo_land
from tindus.land.models import Occupant, OfferMatch
from tindus.land.vacancy import zone_vacancies
from tindus.synergies.models import Declaration

from .factories import located_warehouse, lonlat_at, siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def montbard_warehouse(db):
    rows = [
        (siret(f"{2142560000000 + k}"), f"ATELIER {k}", "25.62A", k % 5 != 0, None if k % 5 else dt.date(2024, 1, 1),
         *lonlat_at(40 * (k % 6), 35 * (k // 6)))
        for k in range(30)
    ]  # fmt: skip
    return located_warehouse(rows)


def test_the_demo_builds_a_synthetic_inventory_with_its_procedure_and_a_match(montbard_warehouse, auxois):
    Declaration.objects.create(territory=auxois, siret=siret("2142560000001"), company_name="Atelier 1",
                               commune="21425", direction="need", category="matieres", text="acier",
                               synthetic=True)  # fmt: skip
    today = dt.date.today()
    made = load_demo_land(auxois, today)
    assert made >= 1
    zones = list(auxois.land_zones.all())
    assert zones and all(zone.synthetic for zone in zones)
    drawn = [zone for zone in zones if zone.units.exists()]
    assert len(drawn) == made
    montbard = next(zone for zone in drawn if zone.site_comm_insee == "21425")
    assert montbard.units.count() == 6
    # Occupants are the warehouse's rows inside the perimeter, the closed ones flagged and left unconfirmed.
    occupants = list(montbard.occupants.all())
    assert occupants and {o.siret[:9] for o in occupants} <= {siret(f"{2142560000000 + k}")[:9] for k in range(30)}
    assert any(not o.active for o in occupants)
    assert all(o.active for o in occupants if o.state == Occupant.State.CONFIRMED)
    on_units = montbard.occupants.filter(active=True).exclude(units=None)
    assert on_units.filter(state=Occupant.State.PROPOSED).count() == 2  # left for the team's review
    assert not montbard.occupants.filter(state=Occupant.State.CONFIRMED, units=None).exists()
    # The rate rests on recorded evidence; the last unit has none and is listed as unknown.
    vacancy = zone_vacancies(auxois)[montbard.pk]
    assert vacancy.unknown == [montbard.units.order_by("terr_id").last().terr_id]
    assert vacancy.rate is not None and all("synthétique" in u.evidence for u in vacancy.units if u.evidence)
    # The real brownfields of Côte-d'Or, one of them linked to the zone drawn around it.
    assert auxois.brownfields.count() == len(read_cartofriches(departements={"21"}).brownfields)
    assert auxois.brownfields.exclude(zone=None).count() >= 1
    # A consultation of owners and occupants in progress, one answer recorded.
    consultation = auxois.land_consultations.get()
    assert Timeline(consultation_start=consultation.started_on).stage(today) == "consultation"
    assert consultation.letters.exclude(answered_on=None).count() == 1
    # One company's need matched to the plot for sale, with its reasons.
    match = OfferMatch.objects.get(need__territory=auxois)
    assert match.offer.unit.terr_stade_comm == "en vente" and match.reasons
    assert match.need.synthetic and match.offer.synthetic
    # Loaded once.
    assert load_demo_land(auxois, today) == 0
