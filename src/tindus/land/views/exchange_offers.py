"""Plots and premises offered in the territory: the list (team and committee), their entry by the team."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..forms_exchange import OfferForm
from ..matching import refresh_matches
from ..models import LandOffer
from ..models.exchange import SERVICES


def commune_names(territory) -> dict[str, str]:
    return dict(territory.communes.values_list("code", "name"))


@permission_required(Action.VIEW_PRIVATE)
def offers(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    names, services = commune_names(territory), dict(SERVICES)
    rows = [
        (o, names.get(o.commune, o.commune), [str(services.get(s, s)) for s in o.services])
        for o in territory.land_offers.select_related("unit__zone", "brownfield")
    ]
    return render(request, "land/exchange/offers.html", {"territory": territory, "rows": rows})


def _save(request: HttpRequest, offer: LandOffer | None) -> HttpResponse:
    form = OfferForm(request.POST or None, instance=offer, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.territory = request.territory
        saved.save()
        refresh_matches(request.territory)
        messages.success(request, _("The offer is saved."))
        return redirect("land:offers", slug=request.territory.slug)
    return render(
        request,
        "land/exchange/offer_form.html",
        {"territory": request.territory, "form": form, "offer": offer},
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def offer_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _save(request, None)


@permission_required(Action.EDIT)
def offer_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _save(request, get_object_or_404(LandOffer, pk=pk, territory=request.territory))


@permission_required(Action.EDIT)
def offer_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offer = get_object_or_404(LandOffer, pk=pk, territory=request.territory)
    if request.method == "POST":
        offer.delete()
        messages.success(request, _("The offer is deleted."))
        return redirect("land:offers", slug=slug)
    return render(request, "land/exchange/offer_delete.html", {"territory": request.territory, "offer": offer})
