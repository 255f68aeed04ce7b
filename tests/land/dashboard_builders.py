"""Small inventories for the dashboard's tests, built with the models directly: square zones and units in
Lambert-93 placed on a real commune of the territory, CFE statuses, occupants, brownfields and offers."""

from __future__ import annotations

import datetime as dt
import itertools

from tindus.land.compute.lambert93 import to_lambert93
from tindus.land.models import Brownfield, CfeStatus, LandOffer, LandUnit, Occupant, Zone
from tindus.referentials.models import Outline

TODAY = dt.date(2026, 3, 1)
LONG_AGO = dt.date(2020, 6, 30)  # before 1 January 2024: vacant on 1 January 2026
RECENTLY = dt.date(2025, 6, 30)  # under two years: not vacant yet
_ids = itertools.count(1)


def commune_centre(territory) -> tuple[str, str, float, float]:
    """(code, name, lon, lat) of the centre of one of the territory's communes with an outline."""
    codes = list(territory.communes.values_list("code", flat=True))
    outline = Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes).order_by("code").first()
    return outline.code, outline.name, (outline.west + outline.east) / 2, (outline.south + outline.north) / 2


def square(x: float, y: float, side: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]}


def zone(territory, name: str, *, epci: tuple[str, str] = ("", ""), offset: float = 0.0, side: float = 400.0,
         vocation: str = "industrielle", useful: float | None = None, updated: dt.date = dt.date(2025, 1, 15),
         synthetic: bool = False) -> Zone:  # fmt: skip
    code, commune, lon, lat = commune_centre(territory)
    x, y = (float(v) for v in to_lambert93(lon, lat))
    x += offset
    return Zone.objects.create(
        territory=territory, site_id=f"Z{next(_ids):04d}", site_nom=name, site_vocadomi=vocation,
        site_surf_brute=side * side, site_surf_utile=useful, site_epci_siren=epci[0], site_epci_nom=epci[1],
        site_comm_insee=code, site_comm_nom=commune, site_identif_date=dt.date(2024, 5, 1), site_actu_date=updated,
        geometry=square(x, y, side), synthetic=synthetic,
    )  # fmt: skip


def units(zone: Zone, count: int, *, stage: str = "vendu, commercialisation achevée", surface: float = 1000.0,
          ) -> list[LandUnit]:  # fmt: skip
    """``count`` units in a row inside the zone's square (each 10 m wide)."""
    (x, y), *_rest = zone.geometry["coordinates"][0]
    start = zone.units.count()
    out = []
    for i in range(start, start + count):
        out.append(
            LandUnit.objects.create(
                zone=zone, terr_id=f"{zone.site_id}-T{i + 1:03d}", terr_surf_brute=surface,
                terr_maitrise_fonc="personne morale privée", terr_stade_comm=stage, terr_etat_occup="occupé",
                terr_identif_date=dt.date(2024, 5, 1), terr_actu_date=dt.date(2025, 1, 15),
                geometry=square(x + 1 + 11 * (i % 30), y + 1 + 11 * (i // 30), 10),
            )
        )  # fmt: skip
    return out


def cfe(unit: LandUnit, state: str, evidence: str = "rôle de CFE 2025") -> CfeStatus:
    """``state``: "vacant", "recent", "in use", "never"."""
    fields = {
        "vacant": {"in_use": False, "last_use_end": LONG_AGO},
        "recent": {"in_use": False, "last_use_end": RECENTLY},
        "in use": {"in_use": True},
        "never": {"in_use": False},
    }[state]
    return CfeStatus.objects.create(unit=unit, evidence=evidence, **fields)


def occupant(zone: Zone, siret: str, *, state=Occupant.State.CONFIRMED, active: bool = True, units=()) -> Occupant:
    made = Occupant.objects.create(zone=zone, siret=siret, name=f"Établissement {siret[-4:]}", state=state,
                                   active=active)  # fmt: skip
    made.units.set(units)
    return made


def brownfield(territory, name: str, status: str, *, zone: Zone | None = None) -> Brownfield:
    code, commune, lon, lat = commune_centre(territory)
    return Brownfield.objects.create(
        territory=territory, zone=zone, site_id=f"F{next(_ids):05d}", site_nom=name, site_type="industrielle",
        site_statut=status, comm_insee=code, comm_nom=commune, longitude=lon + 0.001, latitude=lat + 0.001,
    )  # fmt: skip


def offer(territory, title: str, surface: float, *, unit: LandUnit | None = None, status=LandOffer.Status.AVAILABLE,
          brownfield: Brownfield | None = None) -> LandOffer:  # fmt: skip
    code, _name, _lon, _lat = commune_centre(territory)
    return LandOffer.objects.create(
        territory=territory, title=title, kind="plot", transaction="sale", unit=unit, brownfield=brownfield,
        commune=code, surface=surface, status=status, services=["rail"],
    )  # fmt: skip
