"""The land units of a zone: create, edit (outline drawn or pasted, inside its zone) and delete, and record
a unit's CFE status with its evidence."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..forms_inventory import CfeForm, UnitForm
from ..models import CfeStatus, LandUnit
from .inventory_map import drawing_map
from .inventory_zones import territory_zone


def zone_unit(request: HttpRequest, pk: int, unit: int) -> LandUnit:
    return get_object_or_404(LandUnit, pk=unit, zone_id=pk, zone__territory=request.territory)


def _unit_form(request: HttpRequest, pk: int, unit: LandUnit | None) -> HttpResponse:
    zone = territory_zone(request, pk)
    form = UnitForm(request.POST or None, instance=unit, zone=zone)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The land unit %(id)s is saved.") % {"id": saved.terr_id})
        return redirect(f"{zone_url(request, zone.pk)}#units-h")
    return render(
        request,
        "land/inventory/unit_form.html",
        {
            "territory": request.territory,
            "zone": zone,
            "unit": unit,
            "form": form,
            "map": drawing_map(request.territory, zone=zone),
        },
        status=400 if form.errors else 200,
    )


def zone_url(request: HttpRequest, pk: int) -> str:
    from django.urls import reverse

    return reverse("land:zone", kwargs={"slug": request.territory.slug, "pk": pk})


@permission_required(Action.EDIT)
def unit_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _unit_form(request, pk, None)


@permission_required(Action.EDIT)
def unit_edit(request: HttpRequest, slug: str, pk: int, unit: int) -> HttpResponse:
    return _unit_form(request, pk, zone_unit(request, pk, unit))


@permission_required(Action.EDIT)
def unit_delete(request: HttpRequest, slug: str, pk: int, unit: int) -> HttpResponse:
    """Delete a unit and its CFE status (confirmation on GET); its occupants stay in the zone."""
    found = zone_unit(request, pk, unit)
    if request.method == "POST":
        found.delete()
        messages.success(request, _("The land unit %(id)s is deleted.") % {"id": found.terr_id})
        return redirect(f"{zone_url(request, pk)}#units-h")
    return render(request, "land/inventory/unit_delete.html", {"territory": request.territory, "zone": found.zone,
                                                                 "unit": found})  # fmt: skip


@permission_required(Action.EDIT)
def unit_cfe(request: HttpRequest, slug: str, pk: int, unit: int) -> HttpResponse:
    """Record what a unit's CFE-liable use is, with its evidence (the input of the vacancy rate)."""
    found = zone_unit(request, pk, unit)
    status = CfeStatus.objects.filter(unit=found).first()
    form = CfeForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.unit = found
        saved.recorded_by = request.user
        saved.save()
        messages.success(request, _("The CFE status of %(id)s is recorded.") % {"id": found.terr_id})
        return redirect(f"{zone_url(request, pk)}#vacancy-h")
    return render(
        request,
        "land/inventory/unit_cfe.html",
        {"territory": request.territory, "zone": found.zone, "unit": found, "form": form,
         "reference": form.reference},
        status=400 if form.errors else 200,
    )  # fmt: skip
