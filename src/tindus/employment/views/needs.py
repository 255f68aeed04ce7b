"""The working group's needs table (territory and each EPCI), a job's page with its gap, and the map."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..analysis import Report, Settings, job_figures, needs_report, proposals_of, territory_links
from ..bmo_store import current_imports
from ..forms import ProposalForm, SettingsForm
from ..geography import METHODS
from ..maps import needs_map
from ..pooling import pools_for
from ..reading import readings
from ..reference import fap2021


def report_for(request: HttpRequest) -> tuple[Report, SettingsForm]:
    """The needs report with the settings of the address (year, distance, months, method)."""
    years = list(current_imports(request.territory))
    form = SettingsForm(request.GET or None, years=years)
    return needs_report(request.territory, Settings(**form.values())), form


def settings_query(report: Report) -> str:
    """The settings as an address query, so that links keep them."""
    s = report.settings
    year = report.record.year if report.record else ""
    return f"?annee={year}&rayon={s.radius_km}&mois={s.months}&repartition={s.method}"


@permission_required(Action.VIEW_PRIVATE)
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """Needs by job for the territory and each EPCI, with the basins, method and sources of every figure."""
    report, form = report_for(request)
    sections = [("settings-h", _("Settings"))]
    if report.record is not None:
        sections += [("reading-h", _("Main findings")), ("gaps-h", _("Gaps")), ("area-territoire", _("Territory"))]
        sections += [(t.slug, t.area.name) for t in report.epci_tables]
        sections += [("method-h", _("Method and sources"))]
    return render(
        request,
        "employment/home.html",
        {
            "territory": request.territory,
            "report": report,
            "form": form,
            "readings": readings(report),
            "sections": sections,
            "query": settings_query(report),
            "methods": METHODS,
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def job(request: HttpRequest, slug: str, job: str) -> HttpResponse:
    """One BMO job: its figures in the territory and each EPCI, the training sessions serving it, the local
    needs, the companies that could recruit together, and the proposals made for its gap."""
    job = job.upper()
    name = fap2021().labels["228"].get(job)
    if name is None:
        raise Http404
    report, form = report_for(request)
    figures = job_figures(report, job)
    links, _official = territory_links(request.territory)
    romes = sorted(r for r, jobs in links.items() if job in jobs)
    sessions = [
        s
        for s in request.territory.training_sessions.select_related("action__organisation", "offer_import")
        if any(job in links.get(code, ()) for code in s.action.rome)
    ]
    needs = [n for n in request.territory.employment_needs.all() if n.job == job or job in links.get(n.rome, ())]
    territory_row = figures[0][1] if figures and figures[0][0].area.kind == "territory" else None
    return render(
        request,
        "employment/job.html",
        {
            "territory": request.territory,
            "report": report,
            "job": job,
            "name": name,
            "figures": figures,
            "row": territory_row,
            "romes": romes,
            "sessions": sessions,
            "needs": needs,
            "pools": pools_for(request.territory, job, needs),
            "proposals": proposals_of(request.territory, job),
            "proposal_form": ProposalForm(initial={"kind": "training"}),
            "query": settings_query(report),
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def map_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Training sessions and local needs on the territory's outline, drawn locally, with the same as a table."""
    report, form = report_for(request)
    return render(
        request,
        "employment/map.html",
        {"territory": request.territory, "report": report, "form": form, "map": needs_map(request.territory, report)},
    )
