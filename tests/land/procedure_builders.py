"""Objects of the legal procedure's tests, made with the models: a zone in Montbard with land units (two owned
by one owner written two ways, one by another owner with an email, one without owner), confirmed, proposed
and closed occupants."""

from __future__ import annotations

import datetime as dt

from tests.factories import siret
from tindus.land.models import Adoption, LandUnit, Occupant, OwnerConsultation, Transmission, Zone
from tindus.land.procedure_records import start_consultation

X, Y = 812000.0, 6726000.0  # Montbard, Lambert-93


def square(x: float, y: float, side: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]}


def zone(territory, n: int = 1, **extra) -> Zone:
    values = dict(
        territory=territory, site_id=f"21425_SITE-ECO_{n:05d}", site_nom=f"ZA des Granges {n}",
        site_vocadomi="industrielle", site_surf_brute=360000.0, site_comm_insee="21425", site_comm_nom="Montbard",
        site_epci_nom="CC du Montbardois", site_epci_siren="242101491", site_identif_date=dt.date(2024, 1, 5),
        site_actu_date=dt.date(2025, 1, 5), geometry=square(X + n * 1000, Y, 600),
    )  # fmt: skip
    return Zone.objects.create(**{**values, **extra})


def unit(zone: Zone, n: int, **extra) -> LandUnit:
    values = dict(
        zone=zone, terr_id=f"21425_TERRAIN-ECO_{n:05d}", terr_refcad="21425000AB0012|21425000AB0013",
        terr_surf_brute=12500.0, terr_maitrise_fonc="personne morale privée",
        terr_stade_comm="vendu, commercialisation achevée",
        terr_etat_occup="occupé", terr_identif_date=dt.date(2024, 1, 5), terr_actu_date=dt.date(2025, 1, 5),
        geometry=square(X + 1000 + n * 100, Y, 90),
    )  # fmt: skip
    return LandUnit.objects.create(**{**values, **extra})


def occupant(zone: Zone, n: int, units: list[LandUnit], **extra) -> Occupant:
    values = dict(
        zone=zone, siret=siret(f"{5000000000000 + n:013d}"), name=f"Forges {n}", state=Occupant.State.CONFIRMED
    )
    found = Occupant.objects.create(**{**values, **extra})
    found.units.set(units)
    return found


def inventory(territory, n: int = 1) -> dict:
    """The zone (``n``: its number, for a territory that has others), its units and occupants, by name."""
    place = zone(territory, n)
    u1 = unit(place, 1, owner_name="SCI Les Granges", owner_address="3 rue de la Forge\n21500 Montbard")
    u2 = unit(place, 2, owner_name="  sci les  granges ", owner_address="3 rue de la forge 21500 Montbard",
              terr_surf_brute=4200.5, terr_refcad="21425000AB0020", terr_etat_occup="vacant",
              terr_stade_comm="disponible")  # fmt: skip
    u3 = unit(place, 3, owner_name="Commune de Montbard", owner_address="Hôtel de ville, 21500 Montbard",
              owner_email="urbanisme@montbard.example", terr_maitrise_fonc="commune")  # fmt: skip
    u4 = unit(place, 4)  # no owner recorded
    forges = occupant(place, 1, [u1, u2], extra={"etab_adresse": "3 rue de la Forge 21500 Montbard",
                                               "etab_contact_mail": "contact@forges.example"})  # fmt: skip
    occupant(place, 2, [u1], name="Tôlerie du Morvan")
    occupant(place, 3, [u3], state=Occupant.State.PROPOSED, name="Proposée seulement")
    occupant(place, 4, [u3], active=False, closed_on=dt.date(2024, 5, 1), name="Fermée")
    return {"zone": place, "u1": u1, "u2": u2, "u3": u3, "u4": u4, "forges": forges}


def consultation(territory, started_on: dt.date) -> OwnerConsultation:
    return start_consultation(territory, started_on)


def adoption(territory, consultation: OwnerConsultation | None, adopted_on: dt.date, **extra) -> Adoption:
    return Adoption.objects.create(territory=territory, consultation=consultation, adopted_on=adopted_on,
                                   deliberation="Délibération n° 2024-051", **extra)  # fmt: skip


def transmission(found: Adoption, sent_on: dt.date, document: str = "scot") -> Transmission:
    return Transmission.objects.create(
        adoption=found, document=document, body="Syndicat mixte du SCoT", sent_on=sent_on
    )
