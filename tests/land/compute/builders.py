"""A small valid inventory built in Lambert-93 near Dijon: one pole, two zones, land units, establishments."""

from __future__ import annotations

import datetime as dt

from shapely.geometry import MultiPoint, Point, box

from tindus.identifiers import luhn_check_digit
from tindus.land.compute.inventory import Establishment, Inventory, LandUnit, Pole, Zone

TODAY = dt.date(2025, 6, 1)
X, Y = 853000.0, 6695000.0  # Dijon, Lambert-93


def siret(n: int) -> str:
    siren = f"{40000000 + n:08d}"
    siren += luhn_check_digit(siren)
    return siren + "0001" + luhn_check_digit(siren + "0001")


def zone(n: int, x: float = X, y: float = Y, size: float = 400.0, **extra) -> Zone:
    values = dict(
        site_id=f"21231_SITE-ECO_{n:05d}", pole_id="21231_POLE-ECO_00001", site_nom=f"Zone {n}",
        site_type="zone d'activité économique", site_vocadomi="industrielle", site_etat="existant et actif",
        site_surf_brute=size * size / 10000, site_surf_utile=size * size / 20000, site_identif_date=dt.date(2024, 1, 5),
        site_actu_date=dt.date(2025, 1, 5), site_epci_nom="Dijon Métropole", site_epci_siren="242100410",
        site_comm_nom="Dijon", site_comm_insee="21231", site_moa_type="epci", geometry=box(x, y, x + size, y + size),
    )  # fmt: skip
    return Zone(**{**values, **extra})


def unit(zone_n: int, n: int, x: float, y: float, size: float = 100.0, **extra) -> LandUnit:
    values = dict(
        terr_id=f"21231_TERRAIN-ECO_{zone_n * 100 + n:05d}", site_id=f"21231_SITE-ECO_{zone_n:05d}",
        terr_refcad="21231000AB0012", terr_surf_brute=size * size / 10000, terr_identif_date=dt.date(2024, 1, 5),
        terr_actu_date=dt.date(2025, 1, 5), terr_maitrise_fonc="structure intercommunale",
        terr_stade_amngt="viabilisé et aménagé", terr_stade_comm="vendu, commercialisation achevée",
        terr_etat_occup="occupé", terr_usage="bâti productif", geometry=box(x, y, x + size, y + size),
    )  # fmt: skip
    return LandUnit(**{**values, **extra})


def establishment(n: int, units: str, x: float, y: float, **extra) -> Establishment:
    number = siret(n)
    values = dict(
        siret=number, siren=number[:9], terr_id=units, etab_raison_sociale=f"Entreprise {n}",
        etab_nat_juridique="5710", etab_nom=f"Usine {n}", epci_nom="Dijon Métropole", epci_siren="242100410",
        comm_nom="Dijon", comm_insee="21231", etab_creation_date=dt.date(2010, 3, 1),
        etab_identif_date=dt.date(2024, 1, 5), etab_actu_date=dt.date(2025, 1, 5), etab_actif="oui",
        etab_activite_code="25.62A", etab_activite_libelle="Décolletage", etab_effectif_code="11",
        etab_effectif_libelle="10 à 19 salariés", etab_effectif_annee=2023, etab_source_info="SIRENE (synthétique)",
        geocodage_qualite="localisation à la plaque adresse", geometry=MultiPoint([Point(x, y)]),
    )  # fmt: skip
    return Establishment(**{**values, **extra})


def small_inventory() -> Inventory:
    """Zone 1 with four units (one used by two establishments, one establishment on two units, one closed);
    zone 2 with one unit."""
    pole = Pole(
        pole_id="21231_POLE-ECO_00001", pole_nom="Pôle Dijon Est", pole_vocadomi="industrielle",
        pole_identif_date=dt.date(2024, 1, 5), pole_surface=40.0, geometry=Point(X + 500, Y + 500),
    )  # fmt: skip
    zones = [zone(1), zone(2, x=X + 1000)]
    units = [
        unit(1, 1, X + 10, Y + 10), unit(1, 2, X + 150, Y + 10), unit(1, 3, X + 10, Y + 150),
        unit(1, 4, X + 150, Y + 150, terr_etat_occup="vacant"), unit(2, 1, X + 1010, Y + 10),
    ]  # fmt: skip
    establishments = [
        establishment(1, "21231_TERRAIN-ECO_00101", X + 50, Y + 50),
        establishment(2, "21231_TERRAIN-ECO_00101", X + 60, Y + 60),
        establishment(3, "21231_TERRAIN-ECO_00102|21231_TERRAIN-ECO_00103", X + 200, Y + 50),
        establishment(4, "21231_TERRAIN-ECO_00104", X + 200, Y + 200, etab_actif="non",
                      etab_fermeture_date=dt.date(2021, 6, 30)),
        establishment(5, "21231_TERRAIN-ECO_00201", X + 1050, Y + 50),
    ]  # fmt: skip
    return Inventory(poles=[pole], zones=zones, units=units, establishments=establishments)
