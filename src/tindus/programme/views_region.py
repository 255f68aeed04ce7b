"""The programme's steering pages: the entry page, a région's page, the national page (docs/programme.md)."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required, steering_regions
from tindus.referentials.models import Region

from . import indicators, pages
from .scope import followed_territories


@permission_required(Action.STEER_REGION)
def home(request: HttpRequest) -> HttpResponse:
    """The régions the reader steers (all of them for the national team), and the national page."""
    steered = steering_regions(request.user)
    regions = Region.objects.order_by("name")
    if steered is not None:
        regions = regions.filter(pk__in=steered)
    counts = Counter(f.region_id for f in followed_territories())
    return render(request, "programme/home.html", {"regions": [(r, counts.get(r.pk, 0)) for r in regions]})


def _sections(context: dict) -> list[tuple[str, str]]:
    sections = [("carte", _("Map"))] if context["map"] else []
    sections += [(f"{t.id}-h", t.title) for t in context["tables"]]
    if context["financeurs"] is not None:
        sections.append((f"{context['financeurs'].id}-h", context["financeurs"].title))
    return sections


@permission_required(Action.STEER_REGION)
def region(request: HttpRequest, region: str) -> HttpResponse:
    indicator = indicators.chosen(request.GET.get("indicateur"))
    context = pages.region_context(request.user, request.region, indicator, timezone.localdate())
    context.update(region=request.region, indicator=indicator, choices=pages.indicator_choices(indicator))
    context["sections"] = _sections(context)
    return render(request, "programme/region.html", context)


@permission_required(Action.STEER_NATION)
def national(request: HttpRequest) -> HttpResponse:
    indicator = indicators.chosen(request.GET.get("indicateur"))
    context = pages.national_context(request.user, indicator, timezone.localdate())
    context.update(indicator=indicator, choices=pages.indicator_choices(indicator))
    context["sections"] = _sections(context)
    return render(request, "programme/national.html", context)
