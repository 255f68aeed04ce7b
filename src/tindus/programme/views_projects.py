"""The steering's projects across territories: a région's (``STEER_REGION``) and the nation's (``STEER_NATION``).

Search and filters in the query string (:class:`.forms_projects.ProjectFilterForm`), 50 projects a page
(``?page=tout``: all of them, what the table's downloads ask for), each territory's sharing applied
(:mod:`.projects`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.referentials.models import Region

from .forms_projects import ProjectFilterForm
from .projects import choices_of, matches, shared_projects
from .scope import followed_territories

PER_PAGE = 50
ALL = "tout"


@permission_required(Action.STEER_REGION)
def region_projects(request: HttpRequest, region: str) -> HttpResponse:
    return _page(request, request.region)


@permission_required(Action.STEER_NATION)
def national_projects(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


@dataclass(frozen=True)
class _AllRows:
    """What ``{% table_downloads %}`` reads of the request: its query, here with every row asked."""

    GET: QueryDict


def _page(request: HttpRequest, region: Region | None) -> HttpResponse:
    followed = followed_territories(region)
    listing = shared_projects(followed)
    form = ProjectFilterForm(request.GET, choices_of(listing))
    filters = form.filters()
    rows = [row for row in listing.rows if matches(row, filters)]
    everything = request.GET.get("page") == ALL
    page = Paginator(rows, max(len(rows), 1) if everything else PER_PAGE).get_page(
        1 if everything else request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    all_rows = request.GET.copy()
    all_rows["page"] = ALL
    sections = [("projets", _("Projects")), ("financeurs-regroupes", _("Funders merged"))]
    context = {
        "region": region,
        "territory_count": len(followed),
        "listing": listing,
        "form": form,
        "rows": rows,
        "page": page,
        "everything": everything,
        "query": query.urlencode(),
        "download_request": _AllRows(all_rows),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "without_theme": sum(1 for row in rows if row.theme is None),
        "sections": sections,
    }
    return render(request, "programme/projects.html", context)
