"""The zones of the inventory: their list with occupancy and vacancy, a zone's sheet, and creating, editing
or deleting a zone (its perimeter drawn on the map or pasted)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission, permission_required
from tindus.synergies.places import sirene_provenance

from ..compute.inventory import Occupancy
from ..compute.vacancy import IN_USE, NEVER, OTHERWISE, RECENT, UNKNOWN, VACANT
from ..forms_inventory import SERVICES, ZoneForm
from ..models import Occupant, Zone
from ..vacancy import zone_vacancies
from .inventory_map import drawing_map, zone_map


def status_label(status: str) -> str:
    return str(
        {
            VACANT: _("vacant"),
            IN_USE: _("in use"),
            RECENT: _("recently vacated (under two years)"),
            NEVER: _("never used by a CFE-liable activity"),
            OTHERWISE: _("occupied otherwise"),
            UNKNOWN: _("unknown"),
        }[status]
    )


def territory_zone(request: HttpRequest, pk: int) -> Zone:
    return get_object_or_404(Zone, pk=pk, territory=request.territory)


@permission_required(Action.VIEW_PRIVATE)
def zones(request: HttpRequest, slug: str) -> HttpResponse:
    """Every zone with its units, occupants and legal vacancy rate on 1 January."""
    listed = list(
        Zone.objects.filter(territory=request.territory).annotate(
            unit_count=Count("units", distinct=True),
            confirmed=Count("occupants", filter=Q(occupants__state=Occupant.State.CONFIRMED), distinct=True),
            proposed=Count("occupants", filter=Q(occupants__state=Occupant.State.PROPOSED), distinct=True),
        )
    )
    vacancies = zone_vacancies(request.territory, zones=listed)
    rows = [(z, z.site_surf_brute / 10000, vacancies[z.pk]) for z in listed]
    reference = next(iter(vacancies.values())).reference if vacancies else None
    return render(
        request,
        "land/inventory/zones.html",
        {
            "territory": request.territory,
            "rows": rows,
            "reference": reference,
            "synthetic": any(z.synthetic for z in listed),
        },
    )


def _zone_form(request: HttpRequest, zone: Zone | None) -> HttpResponse:
    form = ZoneForm(request.POST or None, instance=zone, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The zone « %(name)s » is saved.") % {"name": saved.site_nom})
        return redirect("land:zone", slug=request.territory.slug, pk=saved.pk)
    return render(
        request,
        "land/inventory/zone_form.html",
        {
            "territory": request.territory,
            "form": form,
            "zone": zone,
            "map": drawing_map(request.territory, editing=zone),
            "zoom": zone is None,
        },
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def zone_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _zone_form(request, None)


@permission_required(Action.EDIT)
def zone_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _zone_form(request, territory_zone(request, pk))


@permission_required(Action.EDIT)
def zone_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete a zone with its units, occupants and CFE statuses (confirmation on GET)."""
    zone = territory_zone(request, pk)
    if request.method == "POST":
        zone.delete()
        messages.success(request, _("The zone « %(name)s » is deleted.") % {"name": zone.site_nom})
        return redirect("land:zones", slug=slug)
    counts = {"units": zone.units.count(), "occupants": zone.occupants.count()}
    return render(request, "land/inventory/zone_delete.html", {"territory": request.territory, "zone": zone, **counts})


def unit_occupancy(unit) -> tuple[list[Occupant], str]:
    """The unit's confirmed occupants and what they say of it: occupied, partly vacant (some of them closed),
    vacated (all closed), or no confirmed occupant."""
    confirmed = [o for o in unit.occupants.all() if o.state == Occupant.State.CONFIRMED]
    state = Occupancy(
        unit.terr_id,
        active=tuple(o.siret for o in confirmed if o.active and o.closed_on is None),
        closed=tuple(o.siret for o in confirmed if not o.active or o.closed_on is not None),
    ).state
    labels = {
        "occupied": _("occupied"),
        "partly vacant": _("partly vacant: some occupants closed"),
        "vacated": _("vacated: every occupant closed"),
        "none": _("no confirmed occupant"),
    }
    return confirmed, labels[state]


@permission_required(Action.VIEW_PRIVATE)
def zone(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A zone's sheet: map, fields, units, occupants and the legal vacancy rate with what it rests on."""
    zone = territory_zone(request, pk)
    units = list(zone.units.all().select_related("cfe").prefetch_related("occupants"))
    occupants = list(zone.occupants.all().prefetch_related("units"))
    vacancy = zone_vacancies(request.territory, zones=[zone])[zone.pk]
    status_of = {u.unit_id: u for u in vacancy.units}
    unit_rows = [
        (u, status_of[u.terr_id], status_label(status_of[u.terr_id].status), *unit_occupancy(u)) for u in units
    ]
    groups = [
        (state, label, [o for o in occupants if o.state == state])
        for state, label in Occupant.State.choices
    ]  # fmt: skip
    labels = dict(SERVICES)
    sections = [
        ("map-h", _("Map")),
        ("fields-h", _("Zone")),
        ("units-h", _("Land units")),
        ("occupants-h", _("Occupants")),
        ("vacancy-h", _("Vacancy rate")),
    ]
    return render(
        request,
        "land/inventory/zone.html",
        {
            "territory": request.territory,
            "zone": zone,
            "hectares": zone.site_surf_brute / 10000,
            "useful_hectares": (zone.site_surf_utile or 0) / 10000,
            "can_edit": has_permission(request.user, Action.EDIT, request.territory),
            "bounds": vacancy.bounds,
            "map": zone_map(zone),
            "unit_rows": unit_rows,
            "groups": groups,
            "units": units,
            "vacancy": vacancy,
            "counts": [(status_label(s), n) for s, n in vacancy.by_status().items()],
            "unknown_units": [u for u in units if status_of[u.terr_id].status == UNKNOWN],
            "services": [str(labels[s]) for s in zone.services if s in labels],
            "provenance": sirene_provenance(),
            "sections": sections,
        },
    )
