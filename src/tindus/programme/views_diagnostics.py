"""The pages of the diagnostics side by side: a région's territories, and France's by région."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, may_open, permission_required
from tindus.referentials.models import Region
from tindus.warehouse.queries import WarehouseUnavailableError

from .diagnostics import columns, current, for_display

REFRESH_SECONDS = 3


@permission_required(Action.STEER_REGION)
def region_diagnostics(request: HttpRequest, region: str) -> HttpResponse:
    sections = [("indicators-h", _("Key indicators")), ("ranks-h", _("Ranks in the région")),
                ("method-h", _("Sources and method"))]  # fmt: skip
    back = _link(request, "programme:region", region=request.region.code)
    return _page(request, request.region, "programme/diagnostics_region.html", sections, back)


@permission_required(Action.STEER_NATION)
def national_diagnostics(request: HttpRequest) -> HttpResponse:
    sections = [("regions-h", _("Régions")), ("indicators-h", _("All followed territories")),
                ("ranks-h", _("Ranks in France")), ("method-h", _("Sources and method"))]  # fmt: skip
    return _page(request, None, "programme/diagnostics_national.html", sections, _link(request, "programme:national"))


def _page(request: HttpRequest, region: Region | None, template: str, sections: list, back: str) -> HttpResponse:
    try:
        table, job = current(region)
    except WarehouseUnavailableError as error:
        return render(request, "diagnostic/unavailable.html", {"message": str(error)}, status=503)
    context = {
        "region": region,
        "job": job,
        "table": table,
        "back_url": back,
        "columns": columns(),
        "refresh_seconds": None if table else REFRESH_SECONDS,
        "sections": sections if table else [],
    }
    if table:
        context.update(for_display(table))
    return render(request, template, context)


def _link(request: HttpRequest, name: str, **kwargs: str) -> str:
    """The address of a steering page if the user may open it ("" else, or while that page does not exist)."""
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
    return url if may_open(request.user, url) else ""
