"""A zone's occupants: proposed from the warehouse's geolocated establishments, confirmed or rejected by the
team (with the units each one uses), or added by SIRET."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, permission_required
from tindus.warehouse.queries import WarehouseUnavailableError, establishment_by_siret
from tindus.warehouse.services import get_warehouse

from ..forms_inventory import DecisionForm, OccupantAddForm
from ..models import Occupant
from ..occupants import propose_occupants
from .inventory_units import zone_url
from .inventory_zones import territory_zone


@permission_required(Action.EDIT)
def occupants_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Propose the establishments located in the zone (POST); a GET goes back to the zone."""
    zone = territory_zone(request, pk)
    if request.method == "POST":
        try:
            added, closed = propose_occupants(zone)
        except WarehouseUnavailableError:
            messages.error(request, _("The warehouse is not built yet: no establishment can be proposed."))
        else:
            text = ngettext(
                "%(n)d establishment proposed from the warehouse.",
                "%(n)d establishments proposed from the warehouse.",
                added,
            ) % {"n": added}
            if closed:
                text += " " + ngettext("%(n)d of them is closed.", "%(n)d of them are closed.", closed) % {"n": closed}
            messages.success(request, text)
    return redirect(f"{zone_url(request, zone.pk)}#occupants-h")


@permission_required(Action.EDIT)
def occupant_decide(request: HttpRequest, slug: str, pk: int, occupant: int) -> HttpResponse:
    """Confirm or reject an occupant and set the units it uses (POST); a GET goes back to the zone."""
    zone = territory_zone(request, pk)
    found = get_object_or_404(Occupant, pk=occupant, zone=zone)
    if request.method == "POST":
        form = DecisionForm(request.POST, zone=zone, prefix=f"occupant-{found.pk}")
        if form.is_valid():
            found.state = form.cleaned_data["decision"]
            found.save()
            found.units.set(form.cleaned_data["units"])
            messages.success(
                request,
                _("%(name)s: %(state)s.") % {"name": found.name or found.siret, "state": found.get_state_display()},
            )
        else:
            messages.error(request, _("The decision could not be read; nothing was changed."))
    return redirect(f"{zone_url(request, zone.pk)}#occupants-h")


def find_establishment(siret: str):
    try:
        return establishment_by_siret(get_warehouse(), siret)
    except WarehouseUnavailableError:
        return None


@permission_required(Action.EDIT)
def occupant_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add an establishment by SIRET: Luhn checked, found in the warehouse; it is confirmed at once."""
    zone = territory_zone(request, pk)
    form = OccupantAddForm(request.POST or None, zone=zone, find=find_establishment)
    if request.method == "POST" and form.is_valid():
        found = form.found
        today = dt.date.today().isoformat()
        occupant = Occupant.objects.create(
            zone=zone, siret=form.cleaned_data["siret"], name=found.name, naf=found.naf, active=found.active,
            state=Occupant.State.CONFIRMED, extra={"etab_identif_date": today, "etab_actu_date": today,
                                                  "geocodage_qualite": "non localisé"},
        )  # fmt: skip
        occupant.units.set(form.cleaned_data["units"])
        messages.success(request, _("%(name)s is added to the zone.") % {"name": found.name or occupant.siret})
        return redirect(f"{zone_url(request, zone.pk)}#occupants-h")
    return render(
        request,
        "land/inventory/occupant_add.html",
        {"territory": request.territory, "zone": zone, "form": form},
        status=400 if form.errors else 200,
    )
