"""API of the action plan: levers, axes, projects and their funding, budget, milestones and status history.

Anonymous callers, and tokens whose role cannot read the plan pages (partner, company), see what the public
site shows: the axes, the public projects and their public fields. Tokens of the team and the committee see
what the plan pages show them. Writes are the team's, through the web's own forms (see ``api_writes``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import Caller, require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, ApiError
from tindus.api.schemas import FeatureCollection
from tindus.public.views import public_projects
from tindus.territories.models import Territory

from .api_schemas import (
    AxisOut,
    Id,
    ProjectDetailOut,
    ProjectOut,
    ProjectPublicDetailOut,
    ProjectPublicOut,
    axis_out,
    plan_source,
    project_detail_out,
    project_out,
    project_public_detail_out,
    project_public_out,
)
from .filters import axis_and_descendants, counts_for_year
from .geo import project_features
from .models import Axis, Financeur, Project, Status
from .services import axes_in_order, plan_of

router = Router(tags=["Plan d'action"])

PRIVATE = {"x-tindus-action": Action.VIEW_PRIVATE.value}


class PlanOut(Schema):
    title: str
    ambition: str
    levers: list[AxisOut]


class ProjectFilters(Schema):
    """Filters on the fields every reader sees, and (``financeur``, ``year``, ``priority``, ``is_public``) on
    those only the plan's readers see: a caller who may not see them gets a 403."""

    lever: Id | None = Field(None, description="Un levier : ses projets et ceux de ses axes.")
    axis: Id | None = Field(None, description="Un axe : ses projets et ceux de ses sous-axes.")
    status: Status | None = None
    commune: str | None = Field(None, max_length=5, description="Code INSEE d'une commune du territoire.")
    q: str | None = Field(None, max_length=200, description="Texte cherché dans le titre, le porteur, le résumé.")
    financeur: Financeur | None = Field(None, description="Privé : un financeur des projets.")
    year: int | None = Field(None, ge=2000, le=2100, description="Privé : projets qui comptent pour cette année.")
    priority: Project.Priority | None = Field(None, description="Privé : la priorité.")
    is_public: bool | None = Field(None, description="Privé : montré ou non sur le site public.")


PRIVATE_FILTERS = ("financeur", "year", "priority", "is_public")


def sees_private(caller: Caller, territory: Territory) -> bool:
    """Whether the caller reads the plan pages (VIEW_PRIVATE), or only the public site."""
    return caller.may(Action.VIEW_PRIVATE, territory)


def visible_projects(caller: Caller, territory: Territory) -> QuerySet[Project]:
    if sees_private(caller, territory):
        return territory.projects.prefetch_related("axes__parent__parent__parent", "communes")
    return public_projects(territory).prefetch_related("axes__parent__parent__parent")


def axis_of(territory: Territory, pk: int, lever: bool = False) -> Axis:
    axis = Axis.objects.filter(pk=pk, plan__territory=territory).first()
    if axis is None or (lever and not axis.is_lever):
        raise ApiError(404, _("No lever or axis %(id)s in this territory.") % {"id": pk})
    return axis


def filter_projects(
    caller: Caller, territory: Territory, filters: ProjectFilters, projects: QuerySet[Project]
) -> QuerySet[Project]:
    private = sees_private(caller, territory)
    used = [name for name in PRIVATE_FILTERS if getattr(filters, name) is not None]
    if used and not private:
        raise ApiError(
            403,
            _("Filtering on %(names)s needs a token of the team or the committee.") % {"names": ", ".join(used)},
            [{"field": name, "message": _("This field is not public.")} for name in used],
        )
    for pk, lever in ((filters.lever, True), (filters.axis, False)):
        if pk is not None:
            projects = projects.filter(axes__in=axis_and_descendants(axis_of(territory, pk, lever)))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.commune:
        if not territory.communes.filter(code=filters.commune).exists():
            raise ApiError(404, _("No commune %(code)s in this territory.") % {"code": filters.commune})
        projects = projects.filter(communes__code=filters.commune)
    if filters.q:
        found = Q(title__icontains=filters.q) | Q(porteur_name__icontains=filters.q)
        found |= Q(public_summary__icontains=filters.q)
        if private:
            found |= Q(description__icontains=filters.q) | Q(reference__icontains=filters.q)
        projects = projects.filter(found)
    if filters.financeur:
        projects = projects.filter(fundings__financeur=filters.financeur)
    if filters.year is not None:
        projects = projects.filter(counts_for_year(filters.year))
    if filters.priority is not None:
        projects = projects.filter(priority=filters.priority)
    if filters.is_public is not None:
        projects = projects.filter(is_public=filters.is_public)
    return projects.distinct().order_by("priority", "title", "pk") if private else projects.distinct()


@router.get(
    "/territories/{slug}/plan",
    response={200: PlanOut, **READ_ERRORS},
    summary="Le plan : titre, ambition, leviers",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def plan(request: HttpRequest, slug: str) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, territory)
    found = plan_of(territory)
    levers = [axis for axis in axes_in_order(found) if axis.is_lever]
    return {"title": str(found.title), "ambition": found.ambition, "levers": [axis_out(a) for a in levers]}


@router.get(
    "/territories/{slug}/plan/levers",
    response={200: list[AxisOut], **READ_ERRORS},
    summary="Leviers (priorités)",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def levers(request: HttpRequest, slug: str) -> list[dict]:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, territory)
    return [axis_out(a) for a in axes_in_order(plan_of(territory)) if a.is_lever]


class AxisFilters(Schema):
    lever: Id | None = Field(None, description="Seulement les axes de ce levier.")


@router.get(
    "/territories/{slug}/plan/axes",
    response={200: list[AxisOut], **READ_ERRORS},
    summary="Leviers et axes, dans l'ordre de l'arbre",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def axes(request: HttpRequest, slug: str, filters: Query[AxisFilters]) -> list[dict]:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, territory)
    found = [axis_out(a) for a in axes_in_order(plan_of(territory))]
    if filters.lever is not None:
        lever = axis_of(territory, filters.lever, lever=True)
        found = [a for a in found if a["lever"] == lever.pk]
    return found


@router.get(
    "/territories/{slug}/plan/projects",
    response={200: Page[ProjectOut | ProjectPublicOut], **READ_ERRORS},
    summary="Projets (publics sans jeton ; tous avec un jeton de l'équipe ou du comité)",
    openapi_extra=PRIVATE,
)
@public_read
def projects(request: HttpRequest, slug: str, filters: Query[ProjectFilters], pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = filter_projects(caller, territory, filters, visible_projects(caller, territory))
    convert = project_out if sees_private(caller, territory) else project_public_out
    return paginate(request, found, pages, convert)


class GeoQuery(ProjectFilters):
    geometry: str = Field("point", pattern="^(point|outline)$", description="point : centre ; outline : contours.")


@router.get(
    "/territories/{slug}/plan/projects.geojson",
    response={200: FeatureCollection, **READ_ERRORS},
    summary="Projets situés dans des communes (GeoJSON, WGS84)",
    openapi_extra=PRIVATE,
)
@public_read
def projects_geojson(request: HttpRequest, slug: str, filters: Query[GeoQuery]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    private = sees_private(caller, territory)
    found = filter_projects(caller, territory, filters, visible_projects(caller, territory))
    return project_features(territory, found.filter(communes__isnull=False).distinct(), private, filters.geometry)


@router.get(
    "/territories/{slug}/plan/projects/{project_id}",
    response={200: ProjectDetailOut | ProjectPublicDetailOut, **READ_ERRORS},
    summary="Un projet, avec son budget, ses financements, ses jalons et l'historique de ses statuts",
    openapi_extra=PRIVATE,
)
@public_read
def project(request: HttpRequest, slug: str, project_id: Id) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = visible_projects(caller, territory).filter(pk=project_id).first()
    if found is None:
        raise ApiError(404, _("No project %(id)s in this territory.") % {"id": project_id})
    if sees_private(caller, territory):
        return project_detail_out(found)
    return project_public_detail_out(found)


from . import api_writes  # noqa: E402,F401  (the writes are operations of this router)

__all__ = ["router", "plan_source"]
