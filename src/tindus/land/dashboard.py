"""The land overview of a territory: its counts, occupancy and vacancy per zone and per EPCI, the surface
available by vocation, the stage of the legal procedure, and where every figure comes from.

The arithmetic is in :mod:`.compute.dashboard` (EPCI vacancy summed, not averaged; what « available »
means); this module reads the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from tindus.territories.models import Territory

from .compute.dashboard import (
    Availability,
    EpciVacancy,
    OfferRow,
    UnitRow,
    ZoneFigures,
    available_by_vocation,
    band,
    per_epci,
)
from .compute.procedure import FIRST_DEADLINE, Timeline
from .compute.vacancy import ZoneVacancy
from .models import (
    Adoption,
    Brownfield,
    BrownfieldImport,
    CfeStatus,
    LandNeed,
    LandOffer,
    LandUnit,
    Occupant,
    OwnerConsultation,
    Transmission,
    Zone,
)
from .models.inventory import VOCATIONS
from .vacancy import zone_vacancies


def stage_label(stage: str) -> str:
    return {
        "draft": _("inventory in preparation (no consultation yet)"),
        "consultation": _("consultation of owners and occupants open"),
        "consultation closed": _("consultation closed, adoption to come"),
        "adopted": _("adopted, to be sent to the planning bodies"),
        "transmitted": _("adopted and sent"),
        "refresh due": _("refresh due (six years after the adoption)"),
    }.get(stage, stage)


def vocation_label(value: str) -> str:
    if not value:
        return _("outside the inventory's zones")
    return str(dict(VOCATIONS).get(value, value))


@dataclass
class ZoneRow:
    zone: Zone
    units: int
    occupied_units: int  # with at least one confirmed, active occupant
    confirmed: int
    proposed: int
    closed: int  # confirmed occupants whose establishment closed
    vacancy: ZoneVacancy

    @property
    def band(self) -> str:
        return band(self.vacancy.rate)


@dataclass
class Procedure:
    timeline: Timeline
    today: dt.date
    consultation: OwnerConsultation | None
    adoption: Adoption | None
    transmissions: int

    @property
    def stage(self) -> str:
        return self.timeline.stage(self.today)

    @property
    def label(self) -> str:
        return stage_label(self.stage)

    @property
    def deadline(self) -> dt.date | None:
        return self.timeline.consultation_deadline

    @property
    def days_left(self) -> int | None:
        return self.timeline.days_left(self.today)

    @property
    def refresh_due(self) -> dt.date | None:
        return self.timeline.refresh_due

    @property
    def first_deadline(self) -> dt.date:
        return FIRST_DEADLINE

    @property
    def late(self) -> bool:
        """Not adopted although the first legal deadline has passed."""
        return self.adoption is None and self.today > FIRST_DEADLINE


@dataclass
class Sources:
    inventory_updated: dt.date | None
    synthetic_zones: int
    cfe_evidence: int  # units whose CFE status carries its evidence
    brownfield_import: BrownfieldImport | None
    synthetic_brownfields: int
    synthetic_offers: int
    vacancy_reference: dt.date


@dataclass
class Overview:
    territory: Territory
    today: dt.date
    zones: list[ZoneRow]
    epcis: list[EpciVacancy]
    availability: Availability
    brownfields: list[tuple[str, str, int]]  # (status, label, count)
    offers_available: int
    offers_surface: float
    needs_open: int
    procedure: Procedure
    sources: Sources
    occupants: dict[str, int] = field(default_factory=dict)

    @property
    def units(self) -> int:
        return sum(r.units for r in self.zones)

    @property
    def gross(self) -> float:
        return sum(r.zone.site_surf_brute for r in self.zones)

    @property
    def useful(self) -> float:
        return sum(r.zone.site_surf_utile or 0 for r in self.zones)

    @property
    def useful_missing(self) -> int:
        return sum(1 for r in self.zones if r.zone.site_surf_utile is None)

    @property
    def vacant(self) -> int:
        return sum(r.vacancy.vacant for r in self.zones)

    @property
    def known(self) -> int:
        return sum(r.vacancy.known for r in self.zones)

    @property
    def unknown(self) -> int:
        return sum(len(r.vacancy.unknown) for r in self.zones)

    @property
    def rate(self) -> float | None:
        return 100 * self.vacant / self.known if self.known else None

    @property
    def brownfields_total(self) -> int:
        return sum(n for _status, _label, n in self.brownfields)


def procedure_of(territory: Territory, today: dt.date) -> Procedure:
    """The stage from the latest consultation, adoption and transmission; a consultation started after the
    latest adoption is a refresh under way: the timeline then starts again from it."""
    consultation = OwnerConsultation.objects.filter(territory=territory).first()
    adoption = Adoption.objects.filter(territory=territory).first()
    sent = Transmission.objects.filter(adoption=adoption) if adoption else Transmission.objects.none()
    first_sent = sent.order_by("sent_on").first()
    if adoption and consultation and consultation.started_on > adoption.adopted_on:
        timeline = Timeline(consultation_start=consultation.started_on)
    else:
        timeline = Timeline(
            consultation_start=consultation.started_on if consultation else None,
            adopted=adoption.adopted_on if adoption else None,
            transmitted=first_sent.sent_on if first_sent else None,
        )
    return Procedure(timeline, today, consultation, adoption, sent.count())


def zone_rows(territory: Territory, zones: list[Zone], today: dt.date) -> list[ZoneRow]:
    vacancies = zone_vacancies(territory, year=today.year, zones=zones)
    confirmed = Q(occupants__state=Occupant.State.CONFIRMED)
    counts = {
        z["pk"]: z
        for z in Zone.objects.filter(pk__in=[z.pk for z in zones])
        .values("pk")
        .annotate(
            units_n=Count("units", distinct=True),
            confirmed_n=Count("occupants", filter=confirmed, distinct=True),
            proposed_n=Count("occupants", filter=Q(occupants__state=Occupant.State.PROPOSED), distinct=True),
            closed_n=Count("occupants", filter=confirmed & Q(occupants__active=False), distinct=True),
        )
    }
    occupied = dict(
        LandUnit.objects.filter(zone__in=zones, occupants__state=Occupant.State.CONFIRMED, occupants__active=True)
        .values("zone")
        .annotate(n=Count("pk", distinct=True))
        .values_list("zone", "n")
    )
    return [
        ZoneRow(
            zone=z,
            units=counts[z.pk]["units_n"],
            occupied_units=occupied.get(z.pk, 0),
            confirmed=counts[z.pk]["confirmed_n"],
            proposed=counts[z.pk]["proposed_n"],
            closed=counts[z.pk]["closed_n"],
            vacancy=vacancies[z.pk],
        )
        for z in zones
    ]


def available_offers(territory: Territory):
    return (
        LandOffer.objects.filter(territory=territory, status=LandOffer.Status.AVAILABLE)
        .select_related("unit__zone", "brownfield__zone")
        .order_by("title", "pk")
    )


def offer_zone(offer: LandOffer) -> Zone | None:
    if offer.unit_id:
        return offer.unit.zone
    if offer.brownfield_id and offer.brownfield.zone_id:
        return offer.brownfield.zone
    return None


def overview(territory: Territory, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    zones = list(Zone.objects.filter(territory=territory).order_by("site_nom", "pk"))
    rows = zone_rows(territory, zones, today)
    epcis = per_epci(
        ZoneFigures(r.zone.site_epci_siren, r.zone.site_epci_nom, r.units, r.vacancy.vacant, r.vacancy.known,
                    len(r.vacancy.unknown))
        for r in rows
    )  # fmt: skip
    offers = list(available_offers(territory))
    units = LandUnit.objects.filter(zone__territory=territory).values_list(
        "zone__site_vocadomi", "terr_stade_comm", "terr_surf_brute"
    )
    availability = available_by_vocation(
        [(z.site_vocadomi, z.site_surf_brute) for z in zones],
        [UnitRow(*u) for u in units],
        [OfferRow(zone.site_vocadomi if (zone := offer_zone(o)) else "", o.surface) for o in offers],
        [value for value, _label in VOCATIONS],
    )
    by_status = dict(
        Brownfield.objects.filter(territory=territory)
        .values("site_statut")
        .annotate(n=Count("pk"))
        .values_list("site_statut", "n")
    )
    labels = dict(Brownfield.Status.choices)
    brownfields = [(s, str(labels[s]), by_status.get(s, 0)) for s in Brownfield.Status.values]
    if by_status.get(""):
        brownfields.append(("", _("status not given"), by_status[""]))
    occupants = Occupant.objects.filter(zone__territory=territory).aggregate(
        confirmed=Count("pk", filter=Q(state=Occupant.State.CONFIRMED)),
        proposed=Count("pk", filter=Q(state=Occupant.State.PROPOSED)),
        rejected=Count("pk", filter=Q(state=Occupant.State.REJECTED)),
    )
    sources = Sources(
        inventory_updated=Zone.objects.filter(territory=territory).aggregate(d=Max("site_actu_date"))["d"],
        synthetic_zones=sum(1 for z in zones if z.synthetic),
        cfe_evidence=sum(
            1
            for e in CfeStatus.objects.filter(unit__zone__territory=territory).values_list("evidence", flat=True)
            if e.strip()
        ),
        brownfield_import=BrownfieldImport.objects.filter(territory=territory).first(),
        synthetic_brownfields=Brownfield.objects.filter(territory=territory, synthetic=True).count(),
        synthetic_offers=sum(1 for o in offers if o.synthetic),
        vacancy_reference=dt.date(today.year, 1, 1),
    )
    return Overview(
        territory=territory,
        today=today,
        zones=rows,
        epcis=epcis,
        availability=availability,
        brownfields=brownfields,
        offers_available=len(offers),
        offers_surface=sum(o.surface for o in offers),
        needs_open=LandNeed.objects.filter(territory=territory, status=LandNeed.Status.OPEN).count(),
        procedure=procedure_of(territory, today),
        sources=sources,
        occupants=occupants,
    )


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _bounds(value: tuple[float, float] | None) -> list[str]:
    return ["", ""] if value is None else [f"{value[0]:.1f}", f"{value[1]:.1f}"]


def csv_tables(view: Overview) -> dict[str, tuple[str, list[str], list[list]]]:
    """Each table of the overview: name in ``?table=`` → (file name, header, rows)."""
    slug = view.territory.slug
    zones = [
        [r.zone.site_id, r.zone.site_nom, r.zone.site_comm_insee, r.zone.site_comm_nom, r.zone.site_epci_siren,
         r.zone.site_epci_nom, r.zone.site_vocadomi, round(r.zone.site_surf_brute),
         "" if r.zone.site_surf_utile is None else round(r.zone.site_surf_utile), r.units, r.occupied_units,
         r.confirmed, r.proposed, r.closed, r.vacancy.vacant, r.vacancy.known, len(r.vacancy.unknown),
         _rate(r.vacancy.rate), *_bounds(r.vacancy.bounds), _("yes") if r.zone.synthetic else ""]
        for r in view.zones
    ]  # fmt: skip
    epcis = [
        [e.siren, e.name or _("EPCI not given"), e.zones, e.units, e.vacant, e.known, e.unknown, _rate(e.rate),
         *_bounds(e.bounds)]
        for e in view.epcis
    ]  # fmt: skip
    vocations = [
        [vocation_label(v.vocation), v.zones, round(v.gross), v.units_available, round(v.units_surface), v.offers,
         round(v.offers_surface)]
        for v in view.availability.rows
    ]  # fmt: skip
    rate, low, high = _("Vacancy rate (%)"), _("Rate if unknowns in use (%)"), _("Rate if unknowns vacant (%)")
    return {
        "zones": (
            f"foncier-zones-{slug}.csv",
            [
                _("Identifier"),
                _("Zone"),
                _("Commune (INSEE code)"),
                _("Commune"),
                _("EPCI (SIREN)"),
                _("EPCI"),
                _("Main vocation"),
                _("Gross surface (m²)"),
                _("Useful surface (m²)"),
                _("Land units"),
                _("Units with a confirmed occupant"),
                _("Confirmed occupants"),
                _("Proposed occupants"),
                _("Confirmed occupants closed"),
                _("Vacant units"),
                _("Units of known status"),
                _("Units of unknown status"),
                rate,
                low,
                high,
                _("Synthetic"),
            ],
            zones,
        ),  # fmt: skip
        "epci": (
            f"foncier-vacance-epci-{slug}.csv",
            [
                _("EPCI (SIREN)"),
                _("EPCI"),
                _("Zones"),
                _("Land units"),
                _("Vacant units"),
                _("Units of known status"),
                _("Units of unknown status"),
                rate,
                low,
                high,
            ],
            epcis,
        ),  # fmt: skip
        "vocations": (
            f"foncier-disponible-{slug}.csv",
            [
                _("Main vocation"),
                _("Zones"),
                _("Gross surface (m²)"),
                _("Units for sale"),
                _("Their surface (m²)"),
                _("Offers available"),
                _("Their surface (m²)"),
            ],
            vocations,
        ),  # fmt: skip
        "brownfields": (
            f"foncier-friches-{slug}.csv",
            [_("Status"), _("Brownfields")],
            [[label, n] for _status, label, n in view.brownfields],
        ),
    }
