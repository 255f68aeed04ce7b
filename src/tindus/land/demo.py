"""Demo inventories for the two seed territories, all labelled synthetic.

For each territory: a few **synthetic** zones placed on real communes of its perimeter (each drawn around
where the synthetic warehouse's geolocated establishments of the commune are densest, so that the occupants
proposed from the warehouse are real rows of it), cut into land units with invented owners, CFE statuses
with their (synthetic) evidence — one unit left without one, so that the rate says what it lacks —, the
occupants proposed by point-in-polygon and most of them confirmed; the **real** Cartofriches brownfields of
its départements; one consultation of owners and occupants in progress; one available plot offered and one
company's need matched to it. Loaded once: a territory with zones is left as it is.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from django.db import transaction
from shapely.geometry import mapping

from tindus.referentials.models import Commune
from tindus.territories.models import Territory
from tindus.warehouse.services import get_warehouse

from .compute.lambert93 import to_lambert93
from .models import CfeStatus, LandNeed, LandOffer, LandUnit, Occupant, Zone

# Per territory: (commune, zone name, vocation, establishments the zone is drawn around)
ZONES = {
    "ti-2704": [
        ("25411", "ZA du Bas de la Chaux (démo)", "industrielle", 24),
        ("25578", "ZI de Valdahon Nord (démo)", "industrielle", 18),
        ("25356", "ZA des Combes (démo)", "artisanale", 12),
    ],
    "ti-2701": [
        ("21425", "ZI de Montbard Est (démo)", "industrielle", 24),
        ("21603", "ZA du Pré Tourneur (démo)", "artisanale", 16),
        ("21584", "ZA de Saulieu Sud (démo)", "industrielle", 10),
    ],
}
GRID = (3, 2)  # land units per zone: columns × rows
OWNERS = [
    ("structure intercommunale", None, "en vente"),
    ("établissement industriel et commercial", "SCI des Artisans (démo)", "vendu, commercialisation achevée"),
    ("investisseur professionnel", "Foncière de l'Est (démo)", "vendu, commercialisation achevée"),
    ("commune", None, "non commercialisé"),
    (
        "établissement industriel et commercial",
        "SARL Immobilière du Plateau (démo)",
        "vendu, commercialisation achevée",
    ),
    ("personne physique", "M. et Mme Exemple (démo)", "vendu, commercialisation achevée"),
]
EVIDENCE = "Rôle de CFE {year} transmis par la DGFiP (synthétique)"


def _points(communes: list[str]) -> dict[str, np.ndarray]:
    """Commune → Lambert-93 points of its geolocated establishments in the warehouse."""
    con = get_warehouse().connect(read_only=True)
    try:
        rows = con.execute(
            "SELECT e.commune, g.longitude, g.latitude FROM establishment e JOIN geolocation g USING (siret) "
            "WHERE e.commune IN (SELECT unnest(?::VARCHAR[])) AND g.longitude IS NOT NULL",
            [communes],
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list] = {}
    for commune, lon, lat in rows:
        out.setdefault(commune, []).append((lon, lat))
    result = {}
    for commune, pairs in out.items():
        lon, lat = np.array(pairs).T
        x, y = to_lambert93(lon, lat)
        result[commune] = np.column_stack([x, y])
    return result


def _perimeter(points: np.ndarray, around: int) -> shapely.Polygon:
    """A pentagon around the densest spot of ``points`` holding about ``around`` of them."""
    centre = np.median(points, axis=0)
    reach = np.sort(np.abs(points - centre).max(axis=1))
    half = float(reach[min(around, len(reach) - 1)]) + 5
    x, y = centre
    return shapely.Polygon(
        [(x - half, y - half), (x + half, y - half), (x + half, y + half * 0.8),
         (x, y + half), (x - half, y + half * 0.8)]
    )  # fmt: skip


def _units(zone: Zone, polygon: shapely.Polygon, today: dt.date, epci_name: str) -> list[LandUnit]:
    minx, miny, maxx, maxy = polygon.bounds
    cols, rows = GRID
    width, height = (maxx - minx) / cols, (maxy - miny) / rows
    units = []
    for k in range(cols * rows):
        col, row = k % cols, k // cols
        cell = shapely.box(minx + col * width, miny + row * height, minx + (col + 1) * width, miny + (row + 1) * height)
        cell = cell.intersection(polygon).buffer(-2)
        owner_type, owner, stage = OWNERS[k % len(OWNERS)]
        units.append(
            LandUnit.objects.create(
                zone=zone, terr_id=f"{zone.site_id}-{k + 1:02d}",
                terr_refcad=f"{zone.site_comm_insee}000ZA{k + 101:04d}",
                terr_surf_brute=round(cell.area, 1), terr_maitrise_fonc=owner_type,
                terr_stade_amngt="viabilisé et aménagé", terr_stade_comm=stage,
                terr_etat_occup="inoccupé" if stage == "en vente" else "occupé",
                terr_usage="bâti productif", terr_identif_date=today - dt.timedelta(days=200), terr_actu_date=today,
                owner_name=owner or epci_name, owner_address=f"{k + 1} rue de l'Exemple\n{zone.site_comm_insee} "
                f"{zone.site_comm_nom} (démo)", geometry=mapping(cell),
            )
        )  # fmt: skip
    return units


def _cfe(units: list[LandUnit], today: dt.date, number: int) -> None:
    """In use for most; the plot for sale never used; the last unit without a record (unknown); and, varying
    with the zone's ``number``, units left more than two years ago (vacant) or less (recently vacated)."""
    evidence = EVIDENCE.format(year=today.year)
    long_ago, lately = dt.date(today.year - 3, 6, 30), dt.date(today.year - 1, 3, 31)
    ended = {1: {2: long_ago, 4: lately}, 2: {2: long_ago, 4: long_ago}, 3: {4: lately}}.get(number, {})
    for k, unit in enumerate(units[:-1]):
        if unit.terr_stade_comm == "en vente":
            CfeStatus.objects.create(unit=unit, in_use=False, evidence=evidence)
        elif k in ended:
            CfeStatus.objects.create(unit=unit, in_use=False, last_use_end=ended[k], evidence=evidence)
        else:
            CfeStatus.objects.create(unit=unit, in_use=True, evidence=evidence)


@transaction.atomic
def load_demo_land(territory: Territory, today: dt.date | None = None) -> int:
    """The territory's synthetic inventory and the rest (see the module); returns the zones made."""
    if territory.land_zones.exists() or territory.official_id not in ZONES:
        return 0
    today = today or dt.date.today()
    specs = ZONES[territory.official_id]
    points = _points([s[0] for s in specs])
    communes = {c.code: c for c in Commune.objects.filter(code__in=[s[0] for s in specs]).select_related("epci")
                .order_by("code", "vintage")}  # fmt: skip
    made = []
    for number, (code, name, vocation, around) in enumerate(specs, start=1):
        if code not in points:
            continue
        commune = communes[code]
        polygon = _perimeter(points[code], around)
        epci_siren, epci_name = (commune.epci.siren, commune.epci.name) if commune.epci else ("", "")
        zone = Zone.objects.create(
            territory=territory, site_id=f"{epci_siren or code}_ZAE_{number:03d}", site_nom=name,
            site_vocadomi=vocation, site_surf_brute=round(polygon.area, 1),
            site_surf_utile=round(polygon.area * 0.85, 1),
            site_epci_siren=epci_siren, site_epci_nom=epci_name, site_comm_insee=code, site_comm_nom=commune.name,
            site_moa_type="epci", site_moa_nom=epci_name, site_identif_date=today - dt.timedelta(days=200),
            site_actu_date=today, services=["reseau_electrique", "reseau_eau_potable", "reseau_fibre_optique"],
            geometry=mapping(polygon), synthetic=True,
        )  # fmt: skip
        units = _units(zone, polygon, today, epci_name)
        _cfe(units, today, number)
        made.append((zone, units))
    _occupants([z for z, _ in made])
    _brownfields(territory, today)
    _consultation(territory, today)
    _offer_and_need(territory, made)
    return len(made)


def _occupants(zones: list[Zone]) -> None:
    from .occupants import propose_occupants

    for zone in zones:
        propose_occupants(zone)
        proposed = list(
            zone.occupants.filter(state=Occupant.State.PROPOSED, active=True).exclude(units=None).order_by("siret")
        )
        # The team confirmed most of them (on their units); the last two wait for its review.
        for occupant in proposed[: max(0, len(proposed) - 2)]:
            occupant.state = Occupant.State.CONFIRMED
            occupant.save(update_fields=["state", "updated_at"])


def _brownfields(territory: Territory, today: dt.date) -> None:
    """The real brownfields of the territory's départements; the first one inside the perimeter gets a
    (synthetic) zone drawn around it, to which it is linked."""
    from .brownfields import load_shipped_cartofriches, relocate

    load_shipped_cartofriches(territory)
    codes = set(territory.communes.values_list("code", flat=True))
    inside = territory.brownfields.filter(comm_insee__in=codes).order_by("site_id").first()
    if inside is None:
        return
    x, y = to_lambert93(np.array([inside.longitude]), np.array([inside.latitude]))
    polygon = shapely.box(float(x[0]) - 150, float(y[0]) - 120, float(x[0]) + 150, float(y[0]) + 120)
    commune = Commune.objects.filter(code=inside.comm_insee).select_related("epci").order_by("-vintage").first()
    epci_siren, epci_name = (commune.epci.siren, commune.epci.name) if commune and commune.epci else ("", "")
    Zone.objects.create(
        territory=territory, site_id=f"{epci_siren or inside.comm_insee}_ZAE_900",
        site_nom=f"Site {inside.site_nom} (démo)"[:200], site_type="site économique historique hors ZAE",
        site_vocadomi="industrielle", site_etat="projet de déclassement",
        site_surf_brute=round(polygon.area, 1), site_surf_utile=round(polygon.area * 0.9, 1),
        site_epci_siren=epci_siren, site_epci_nom=epci_name,
        site_comm_insee=inside.comm_insee, site_comm_nom=inside.comm_nom, site_moa_type="commune",
        site_identif_date=today - dt.timedelta(days=200), site_actu_date=today, geometry=mapping(polygon),
        synthetic=True,
    )  # fmt: skip
    relocate(territory)


def _consultation(territory: Territory, today: dt.date) -> None:
    from .procedure_records import start_consultation

    consultation = start_consultation(territory, today - dt.timedelta(days=12), user=None)
    letter = consultation.letters.order_by("pk").first()
    if letter is not None:
        letter.answered_on = today - dt.timedelta(days=4)
        letter.answer = "Les informations sont exactes, sauf la surface de la parcelle (démo)."
        letter.correction = "Surface cadastrale à vérifier (synthétique)."
        letter.save()


def _offer_and_need(territory: Territory, made: list[tuple[Zone, list[LandUnit]]]) -> None:
    from .matching import refresh_matches

    for_sale = [u for _, units in made for u in units if u.terr_stade_comm == "en vente"]
    if not for_sale:
        return
    unit = for_sale[0]
    LandOffer.objects.create(
        territory=territory,
        title=f"Terrain viabilisé de {unit.terr_surf_brute:,.0f} m² — {unit.zone.site_nom}".replace(",", " "),
        kind="plot", transaction="sale", unit=unit, commune=unit.zone.site_comm_insee, surface=unit.terr_surf_brute,
        price_min=round(unit.terr_surf_brute * 15), price_max=round(unit.terr_surf_brute * 22),
        services=["power", "water", "fibre"], description="Terrain viabilisé, accès poids lourds (synthétique).",
        synthetic=True,
    )  # fmt: skip
    company = territory.synergy_declarations.filter(synthetic=True).order_by("pk").first()
    LandNeed.objects.create(
        territory=territory, origin=LandNeed.Origin.COMPANY, siret=company.siret if company else "",
        company_name=company.company_name if company else "Entreprise (démo)", kind="plot", transaction="sale",
        surface_min=round(unit.terr_surf_brute * 0.6), surface_max=round(unit.terr_surf_brute * 1.5),
        budget_max=round(unit.terr_surf_brute * 25), communes=[unit.zone.site_comm_insee], services=["power"],
        description="Extension de l'atelier : terrain viabilisé (synthétique).", synthetic=True,
    )  # fmt: skip
    refresh_matches(territory)
