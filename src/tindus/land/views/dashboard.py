"""The land overview, the territory's land map, and a zone's sheet as a PDF made in the background."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, may_open, permission_required
from tindus.core.tables import table_response
from tindus.jobs.api import job_url, start_job
from tindus.land.periodic_procedure import refresh_notice
from tindus.synergies.places import sirene_provenance

from ..compute.dashboard import band_labels
from ..dashboard import available_offers, csv_tables, overview, vocation_label
from ..maps import territory_map
from ..models import Zone
from ..tasks_sheet import build_zone_sheet


def allowed_links(request: HttpRequest, names: list[str]) -> dict[str, str]:
    """``land:<name>`` → its URL, for the sections of other areas defined and open to the user."""
    out = {}
    for name in names:
        try:
            url = reverse(f"land:{name}", kwargs={"slug": request.territory.slug})
        except NoReverseMatch:
            continue
        if may_open(request.user, url):
            out[name] = url
    return out


def bands() -> list[tuple[str, str]]:
    out = []
    for code, low, high in band_labels():
        if low is None:
            text = _("unknown (no unit of known status)")
        elif high is None:
            text = _("%(low)s %% or more") % {"low": f"{low:g}"}
        else:
            text = _("from %(low)s %% to less than %(high)s %%") % {"low": f"{low:g}", "high": f"{high:g}"}
        out.append((code, text))
    return out


@permission_required(Action.VIEW_PRIVATE)
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """The overview; ``?format=csv&table=zones|epci|vocations|brownfields`` gives one table as CSV."""
    view = overview(request.territory)
    if request.GET.get("format") == "csv":
        tables = csv_tables(view)
        if request.GET.get("table") not in tables:
            raise Http404
        return table_response(*tables[request.GET["table"]], fmt="csv")
    sections = [
        ("figures-h", _("Key figures")),
        ("procedure-h", _("Legal procedure")),
        ("zones-h", _("Occupancy and vacancy per zone")),
        ("epci-h", _("Vacancy per EPCI")),
        ("available-h", _("Available surface by vocation")),
        ("brownfields-h", _("Brownfields by status")),
    ]
    availability = [(vocation_label(r.vocation), r) for r in view.availability.rows]
    return render(
        request,
        "land/dashboard/home.html",
        {
            "territory": request.territory,
            "view": view,
            "sections": sections if view.zones else [],
            "availability": availability,
            "links": allowed_links(request, ["zones", "standard", "procedure", "brownfields", "offers", "needs"]),
            "notice": refresh_notice(request.territory),
            "provenance": sirene_provenance(),
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def map_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Zones (coloured by vacancy band), units, brownfields and available offers on the communes' outlines,
    with the same as a table; ``?format=csv`` gives the table."""
    view = overview(request.territory)
    drawn = territory_map(request.territory, view, list(available_offers(request.territory)))
    kinds = {"zone": _("zone"), "brownfield": _("brownfield"), "offer": _("available plot or premises")}
    if request.GET.get("format") == "csv":
        rows = [
            [kinds[i.kind], i.code, i.label, i.detail, i.commune,
             "" if i.latitude is None else f"{i.latitude:.5f}", "" if i.longitude is None else f"{i.longitude:.5f}",
             _("yes") if i.inside else _("no")]
            for i in drawn["items"]
        ]  # fmt: skip
        header = [_("What"), _("Identifier"), _("Name"), _("Detail"), _("Commune or zone"), _("Latitude"),
                  _("Longitude"), _("On the map")]  # fmt: skip
        return table_response(f"foncier-carte-{request.territory.slug}.csv", header, rows, fmt="csv")
    return render(
        request,
        "land/dashboard/map.html",
        {"territory": request.territory, "view": view, "map": drawn, "kinds": kinds, "bands": bands()},
    )


@permission_required(Action.VIEW_PRIVATE)
def zone_sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: what the sheet holds; POST: start the job that writes the PDF, then its page."""
    zone = get_object_or_404(Zone, pk=pk, territory=request.territory)
    if request.method == "POST":
        job = start_job(build_zone_sheet, territory=request.territory, author=request.user, zone_id=zone.pk)
        return redirect(job_url(job))
    return render(request, "land/dashboard/zone_sheet.html", {"territory": request.territory, "zone": zone})
