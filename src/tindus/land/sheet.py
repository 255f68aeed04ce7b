"""A zone's sheet, as a PDF made in a job (:mod:`.tasks_sheet`): its map, its fields, its land units with
their owner type, stages and occupation, its occupants, its legal vacancy with the inputs and evidence it
rests on, its brownfields and available offers, and where the figures come from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.core.pdf import render_pdf

from .compute.vacancy import IN_USE, NEVER, OTHERWISE, RECENT, UNKNOWN, VACANT
from .dashboard import available_offers, offer_zone
from .maps import zone_map
from .models import Brownfield, Occupant, Zone
from .models.exchange import SERVICES
from .vacancy import zone_vacancies

CSS = Path(__file__).resolve().parent / "static" / "land" / "dashboard.css"


def status_labels() -> dict[str, str]:
    return {
        VACANT: _("vacant (no CFE-liable use for two years or more)"),
        IN_USE: _("in use"),
        RECENT: _("vacated less than two years ago"),
        NEVER: _("never used (not vacant in the law's sense)"),
        OTHERWISE: _("occupied otherwise"),
        UNKNOWN: _("unknown: no CFE status with its evidence"),
    }


def zone_fields(zone: Zone) -> list[tuple[str, str]]:
    def surface(value: float | None) -> str:
        return "—" if value is None else f"{value:,.0f} m²".replace(",", " ")

    epci = " ".join(part for part in (zone.site_epci_nom, f"({zone.site_epci_siren})" if zone.site_epci_siren else "")
                    if part)  # fmt: skip
    return [
        (_("Identifier"), zone.site_id),
        (_("Kind of site"), zone.site_type),
        (_("Main vocation"), zone.get_site_vocadomi_display()),
        (_("State"), zone.site_etat),
        (_("Gross surface"), surface(zone.site_surf_brute)),
        (_("Useful surface"), surface(zone.site_surf_utile)),
        (
            _("Commune"),
            f"{zone.site_comm_nom} ({zone.site_comm_insee})" if zone.site_comm_nom else zone.site_comm_insee,
        ),
        (_("EPCI"), epci or "—"),
        (_("Manager"), " — ".join(part for part in (zone.site_moa_type, zone.site_moa_nom) if part)),
        (_("Pole of zones"), zone.pole.pole_nom if zone.pole else "—"),
        (_("Networks and services"), ", ".join(zone.services) or "—"),
        (_("Identified on"), zone.site_identif_date.strftime("%d/%m/%Y")),
        (_("Updated on"), zone.site_actu_date.strftime("%d/%m/%Y")),
    ]


def sheet_context(zone: Zone, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    territory = zone.territory
    units = list(zone.units.prefetch_related("occupants").order_by("terr_id"))
    vacancy = zone_vacancies(territory, year=today.year, zones=[zone])[zone.pk]
    statuses = {s.unit_id: s for s in vacancy.units}
    labels = status_labels()
    unit_rows = [
        {
            "unit": u,
            "status": labels[statuses[u.terr_id].status],
            "evidence": statuses[u.terr_id].evidence,
            "occupants": [o for o in u.occupants.all() if o.state == Occupant.State.CONFIRMED],
        }
        for u in units
    ]
    occupants = list(zone.occupants.exclude(state=Occupant.State.REJECTED).order_by("state", "name", "siret"))
    brownfields = list(Brownfield.objects.filter(territory=territory, zone=zone))
    offers = [o for o in available_offers(territory) if (z := offer_zone(o)) is not None and z.pk == zone.pk]
    services = dict(SERVICES)
    return {
        "territory": territory,
        "zone": zone,
        "fields": zone_fields(zone),
        "units": unit_rows,
        "occupants": occupants,
        "vacancy": vacancy,
        "by_status": [(labels[s], n) for s, n in vacancy.by_status().items()],
        "brownfields": brownfields,
        "offers": [(o, [str(services.get(s, s)) for s in o.services]) for o in offers],
        "map_svg": zone_map(zone, units, brownfields, offers),
        "generated_at": timezone.now(),
        "extra_css": CSS.read_text(),
    }


def zone_sheet_pdf(zone: Zone, today: dt.date | None = None) -> bytes:
    return render_pdf("land/dashboard/sheet_pdf.html", sheet_context(zone, today))


def sheet_filename(zone: Zone) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in zone.site_id)
    return f"fiche-zone-{safe}.pdf"
