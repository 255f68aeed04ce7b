"""API: synergies as each role sees them on the synergies pages. The team and the committee read the followed
opportunities (names hidden by :mod:`.visibility` as on the pages) and their map; whoever may declare reads
and writes declarations within ``company_scope`` (the team for any company, a company for its own SIRETs),
with the form of the declarations page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from tindus.accounts.permissions import Action
from tindus.api.caller import Caller, require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, WRITE_ERRORS, ApiError
from tindus.api.schemas import FeatureCollection, Source
from tindus.territories.models import Territory

from .compute import declarations as core
from .forms import DeclarationForm
from .models import Category, Declaration, Direction, Kind, Opportunity, Origin, Status
from .places import commune_centres, establishments
from .ranking import candidates
from .visibility import Disclosure

router = Router(tags=["Synergies"])


class CompanyOut(Schema):
    key: str
    name: str
    role: str
    hidden: bool


class OpportunityOut(Schema):
    id: int
    kind: str
    title: str
    category: str
    status: str
    score: float
    hypothesis: bool
    revealed: bool
    companies: list[CompanyOut]
    updated_at: dt.datetime
    source: Source


class OpportunityDetail(OpportunityOut):
    explanation: str
    abandon_reason: str
    tonnes_per_year: float | None
    distance_km: float | None


class OpportunityFilters(Schema):
    status: Status | None = None
    category: Category | None = None
    kind: Kind | None = None


class DeclarationOut(Schema):
    id: int
    siret: str
    company_name: str
    commune: str
    naf: str
    direction: str
    category: str
    text: str
    ewc: str
    rome: str
    equipment: str
    quantity: float | None
    unit: str
    frequency: str
    hazardous: bool
    state: str
    temperature_c: float | None
    authorised_hazardous: bool
    confidentiality: str
    origin: str
    created_at: dt.datetime
    source: Source


class DeclarationFilters(Schema):
    siret: str | None = None
    direction: Direction | None = None
    category: Category | None = None


class DeclarationIn(Schema):
    """The fields of the declarations page's form; the waste code as the list writes it (« 16 06 01* »)."""

    model_config = ConfigDict(extra="forbid")

    siret: str
    direction: Literal["resource", "need"]
    category: Category
    text: str = ""
    ewc: str = ""
    rome: str = ""
    equipment: str = ""
    quantity: float | None = None
    unit: str = ""
    frequency: str = ""
    hazardous: bool = False
    state: str = ""
    temperature_c: float | None = None
    authorised_hazardous: bool = False
    confidentiality: Literal["territory", "facilitators", "anonymous"] = "territory"


class DeclarationPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    siret: str | None = None
    direction: Literal["resource", "need"] | None = None
    category: Category | None = None
    text: str | None = None
    ewc: str | None = None
    rome: str | None = None
    equipment: str | None = None
    quantity: float | None = None
    unit: str | None = None
    frequency: str | None = None
    hazardous: bool | None = None
    state: str | None = None
    temperature_c: float | None = None
    authorised_hazardous: bool | None = None
    confidentiality: Literal["territory", "facilitators", "anonymous"] | None = None


class CandidateOut(Schema):
    declaration_id: int
    company: str
    direction: str
    category: str
    text: str
    score: float
    matcher_score: float
    reasons: list[str]
    feedback_note: str | None
    followed_status: str | None


def source_of(territory: Territory, synthetic: bool) -> dict:
    return {
        "source": _("Declarations and opportunities followed by the team of %(name)s, in Tindus; establishments: "
                    "INSEE SIRENE") % {"name": territory.name},
        "vintage": dt.date.today().isoformat(),
        "synthetic": synthetic,
    }  # fmt: skip


# Opportunities ---------------------------------------------------------------------------------------------


def opportunity_out(disclosure: Disclosure, territory: Territory, item: Opportunity) -> dict[str, Any]:
    return {
        "id": item.pk, "kind": item.kind, "title": disclosure.title(item), "category": item.category,
        "status": item.status, "score": item.score, "hypothesis": item.hypothesis, "revealed": item.revealed,
        "companies": [{"key": c["siret"], "name": c["name"], "role": c["role"], "hidden": c["hidden"]}
                      for c in disclosure.companies(item)],
        "updated_at": item.updated_at, "source": source_of(territory, item.synthetic),
    }  # fmt: skip


def _disclosure(caller: Caller, territory: Territory, shown: list[Opportunity], places: bool = False) -> Disclosure:
    """Who may be named: the team sees every name (as on the pages), everybody else the pseudonyms."""
    return Disclosure.of(territory, editor=caller.may(Action.EDIT, territory), shown=shown, places=places)


@router.get(
    "/territories/{slug}/synergies/opportunities",
    response={200: Page[OpportunityOut], **READ_ERRORS},
    summary="Opportunités suivies",
    description="Comme le tableau de suivi : équipe et comité. Une entreprise anonyme est désignée par son "
    "pseudonyme (« Entreprise anonyme 2 ») sauf pour l'équipe, tant que les deux parties n'ont pas accepté.",
    openapi_extra={"x-tindus-action": Action.VIEW_PRIVATE.value},
)
def opportunity_list(
    request: HttpRequest, slug: str, filters: Query[OpportunityFilters], pages: Query[PageQuery]
) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PRIVATE, territory)
    found = territory.synergy_opportunities.order_by("-score", "pk")
    for name in ("status", "category", "kind"):
        if getattr(filters, name):
            found = found.filter(**{name: getattr(filters, name)})
    page = paginate(request, found, pages)
    disclosure = _disclosure(caller, territory, page["results"])
    page["results"] = [opportunity_out(disclosure, territory, item) for item in page["results"]]
    return page


@router.get(
    "/territories/{slug}/synergies/opportunities/{opportunity_id}",
    response={200: OpportunityDetail, **READ_ERRORS},
    summary="Une opportunité",
    openapi_extra={"x-tindus-action": Action.VIEW_PRIVATE.value},
)
def opportunity_detail(request: HttpRequest, slug: str, opportunity_id: int) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PRIVATE, territory)
    item = territory.synergy_opportunities.filter(pk=opportunity_id).first()
    if item is None:
        raise ApiError(404, _("No opportunity %(id)s in this territory.") % {"id": opportunity_id})
    disclosure = _disclosure(caller, territory, [item])
    return {
        **opportunity_out(disclosure, territory, item), "explanation": disclosure.redact(item, item.explanation),
        "abandon_reason": item.abandon_reason, "tonnes_per_year": item.tonnes_per_year,
        "distance_km": item.distance_km,
    }  # fmt: skip


def company_points(disclosure: Disclosure, items: list[Opportunity]) -> list[dict[str, Any]]:
    """One feature per company of these opportunities, at its commune's centre (as the matcher places it);
    a company this viewer may not name has no geometry, no commune and no activity."""
    declared = {d.siret: d.commune for d in disclosure.declarations.values() if d.commune}
    named = {c["siret"] for o in items for c in o.companies if disclosure.may_name(o, c["siret"])}
    looked_up = establishments(named - set(declared))
    communes = {siret: declared.get(siret) or getattr(looked_up.get(siret), "commune", "") for siret in named}
    centres = commune_centres(code for code in communes.values() if code)
    companies: dict[str, dict[str, Any]] = {}
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in items:
        for company in o.companies:
            key = disclosure.key(o, company["siret"])
            links[key].append({"opportunity": o.pk, "role": company["role"], "status": o.status})
            if key in companies:
                continue
            hidden = not disclosure.may_name(o, company["siret"])
            shown = None if hidden else disclosure.details.get(company["siret"])
            code = "" if hidden else communes.get(company["siret"], "")
            centre = centres.get(code)
            companies[key] = {
                "type": "Feature", "id": key,
                "geometry": {"type": "Point", "coordinates": [round(centre[1], 5), round(centre[0], 5)]}
                if centre else None,
                "properties": {"name": disclosure.name(o, company["siret"]), "hidden": hidden, "commune": code,
                               "commune_name": shown.commune if shown else "", "naf": shown.naf if shown else "",
                               "placed_at": "commune_centre" if centre else None},
            }  # fmt: skip
    for key, feature in companies.items():
        feature["properties"]["opportunities"] = links[key]
    return list(companies.values())


@router.get(
    "/territories/{slug}/synergies.geojson",
    response={200: FeatureCollection, **READ_ERRORS},
    summary="Carte des synergies (GeoJSON, WGS84)",
    description="Les entreprises des opportunités suivies, au centre de leur commune ; une entreprise anonyme "
    "pour l'appelant n'a ni géométrie ni commune.",
    openapi_extra={"x-tindus-action": Action.VIEW_PRIVATE.value},
)
def synergies_geojson(request: HttpRequest, slug: str, status: Status | None = None) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PRIVATE, territory)
    items = list(territory.synergy_opportunities.order_by("pk"))
    if status:
        items = [o for o in items if o.status == status]
    disclosure = _disclosure(caller, territory, items, places=True)
    return {
        "type": "FeatureCollection",
        "features": company_points(disclosure, items),
        "source": {**source_of(territory, any(o.synthetic for o in items)),
                   "source": _("Opportunities followed by the team of %(name)s, in Tindus; commune centres: IGN Admin "
                               "Express") % {"name": territory.name}},
    }  # fmt: skip


# Declarations ----------------------------------------------------------------------------------------------


def declaration_out(item: Declaration) -> dict[str, Any]:
    fields = ("id", "siret", "company_name", "commune", "naf", "direction", "category", "text", "rome", "equipment",
              "quantity", "unit", "frequency", "hazardous", "state", "temperature_c", "authorised_hazardous",
              "confidentiality", "origin", "created_at")  # fmt: skip
    return {**{name: getattr(item, name) for name in fields}, "ewc": item.ewc_display() if item.ewc else "",
            "source": source_of(item.territory, item.synthetic)}  # fmt: skip


def _scope(caller: Caller, territory: Territory) -> tuple[Caller, frozenset[str] | None]:
    """The SIRETs the caller may declare for (None: any company, for the team)."""
    return caller, caller.company_scope(territory)


def _scoped(territory: Territory, scope: frozenset[str] | None):
    rows = territory.synergy_declarations.select_related("territory")
    return rows if scope is None else rows.filter(siret__in=scope)


def _own(territory: Territory, scope: frozenset[str] | None, pk: int) -> Declaration:
    found = _scoped(territory, scope).filter(pk=pk).first()
    if found is None:
        raise ApiError(404, _("No declaration %(id)s among those you may read.") % {"id": pk})
    return found


def _check_siret(scope: frozenset[str] | None, siret: str | None) -> None:
    if scope is not None and siret is not None and siret.replace(" ", "") not in scope:
        raise ApiError(403, _("You may only declare for your own company."))


@router.get(
    "/territories/{slug}/synergies/declarations",
    response={200: Page[DeclarationOut], **READ_ERRORS},
    summary="Déclarations de ressources et de besoins",
    description="L'équipe lit toutes les déclarations ; une entreprise, celles de son établissement.",
    openapi_extra={"x-tindus-action": Action.DECLARE.value},
)
def declaration_list(
    request: HttpRequest, slug: str, filters: Query[DeclarationFilters], pages: Query[PageQuery]
) -> dict:
    territory = territory_or_404(slug)
    _caller, scope = _scope(require(request, Action.DECLARE, territory), territory)
    _check_siret(scope, filters.siret)
    found = _scoped(territory, scope)
    if filters.siret:
        found = found.filter(siret=filters.siret.replace(" ", ""))
    if filters.direction:
        found = found.filter(direction=filters.direction)
    if filters.category:
        found = found.filter(category=filters.category)
    return paginate(request, found, pages, declaration_out)


@router.get(
    "/territories/{slug}/synergies/declarations/{declaration_id}",
    response={200: DeclarationOut, **READ_ERRORS},
    summary="Une déclaration",
    openapi_extra={"x-tindus-action": Action.DECLARE.value},
)
def declaration_detail(request: HttpRequest, slug: str, declaration_id: int) -> dict:
    territory = territory_or_404(slug)
    _caller, scope = _scope(require(request, Action.DECLARE, territory), territory)
    return declaration_out(_own(territory, scope, declaration_id))


@router.get(
    "/territories/{slug}/synergies/declarations/{declaration_id}/candidates",
    response={200: list[CandidateOut], **READ_ERRORS},
    summary="Déclarations complémentaires d'une déclaration",
    description="Comme la page de la déclaration : une entreprise ne voit ni les déclarations réservées aux "
    "animateurs ni le nom d'une entreprise anonyme.",
    openapi_extra={"x-tindus-action": Action.DECLARE.value},
)
def declaration_candidates(request: HttpRequest, slug: str, declaration_id: int) -> list[dict]:
    territory = territory_or_404(slug)
    _caller, scope = _scope(require(request, Action.DECLARE, territory), territory)
    item = _own(territory, scope, declaration_id)
    return [
        {"declaration_id": c.declaration.pk, "company": c.shown_name, "direction": c.declaration.direction,
         "category": c.declaration.category, "text": c.declaration.text, "score": c.score,
         "matcher_score": c.matcher_score, "reasons": c.reasons, "feedback_note": c.feedback_note,
         "followed_status": c.followed.status if c.followed else None}
        for c in candidates(item, facilitator=scope is None)
    ]  # fmt: skip


def _form_errors(form: DeclarationForm) -> list[dict[str, str]]:
    return [{"field": name if name != "__all__" else "body", "message": message}
            for name, messages in form.errors.items() for message in messages]  # fmt: skip


def _form_data(item: Declaration) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in DeclarationPatch.model_fields}
    data["ewc"] = core.ewc_display(item.ewc, item.hazardous) if item.ewc else ""
    return data


def _save(form: DeclarationForm) -> Declaration:
    if not form.is_valid():
        raise ApiError(422, _("The declaration was not saved; see the messages by field."), _form_errors(form))
    return form.save()


@router.post(
    "/territories/{slug}/synergies/declarations",
    response={201: DeclarationOut, **WRITE_ERRORS},
    summary="Déclarer une ressource ou un besoin",
    description="Une entreprise déclare pour son propre SIRET seulement (sinon 403) ; l'équipe pour toute "
    "entreprise du territoire. Mêmes contrôles que le formulaire du site.",
    openapi_extra={"x-tindus-action": Action.DECLARE.value},
)
def declaration_create(request: HttpRequest, slug: str, payload: DeclarationIn) -> Reply:
    territory = territory_or_404(slug)
    caller, scope = _scope(require(request, Action.DECLARE, territory), territory)
    _check_siret(scope, payload.siret)
    form = DeclarationForm(payload.model_dump(), territory=territory, sirets=scope)
    if not form.is_valid():
        raise ApiError(422, _("The declaration was not saved; see the messages by field."), _form_errors(form))
    declaration = form.save(commit=False)
    declaration.origin = Origin.TEAM if scope is None else Origin.COMPANY
    declaration.created_by = caller.user
    declaration.save()
    return Reply(201, declaration_out(declaration))


@router.patch(
    "/territories/{slug}/synergies/declarations/{declaration_id}",
    response={200: DeclarationOut, **WRITE_ERRORS},
    summary="Modifier une déclaration",
    openapi_extra={"x-tindus-action": Action.DECLARE.value},
)
def declaration_update(request: HttpRequest, slug: str, declaration_id: int, payload: DeclarationPatch) -> dict:
    territory = territory_or_404(slug)
    _caller, scope = _scope(require(request, Action.DECLARE, territory), territory)
    item = _own(territory, scope, declaration_id)
    _check_siret(scope, payload.siret)
    data = _form_data(item) | payload.model_dump(exclude_unset=True)
    form = DeclarationForm(data, instance=item, territory=territory, sirets=scope)
    return declaration_out(_save(form))
