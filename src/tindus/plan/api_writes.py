"""API writes on the plan, for the roles that edit it on the web (Action.EDIT): a project (create, update),
its status, its budget lines and fundings.

Each write fills the very form the web page uses, so every rule and message is the same; the history is
kept the same way (the status history through ``services``, every row change by auditlog, whose actor is
the token's holder). Ids of another territory's axes or communes in a body are a 404; a refused body is a
422 naming each field, and nothing is written (the API rolls the request back).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Schema
from ninja import Status as Answer
from pydantic import ConfigDict

from tindus.accounts.permissions import Action
from tindus.api.caller import require, territory_or_404
from tindus.api.problems import WRITE_ERRORS, ApiError
from tindus.territories.models import Territory

from .api import router
from .api_schemas import (
    BudgetLineOut,
    FundingOut,
    Id,
    ProjectDetailOut,
    StatusChangeOut,
    budget_line_out,
    funding_out,
    project_detail_out,
    status_change_out,
)
from .forms import BudgetLineForm, FundingForm, ProjectForm, StatusForm
from .models import BudgetLine, Financeur, Funding, Project, Status
from .services import change_status, create_project, plan_of, status_message

EDIT = {"x-tindus-action": Action.EDIT.value}


class ProjectIn(Schema):
    """A project's fields; the form of the web page says which are required and what each accepts. On an
    update, only the fields sent change (``null`` empties one)."""

    model_config = ConfigDict(extra="forbid")

    reference: str | None = None
    title: str | None = None
    description: str | None = None
    porteur_name: str | None = None
    porteur_siret: str | None = None
    pilot: str | None = None
    pilot_email: str | None = None
    partners: str | None = None
    axes: list[Id] | None = None
    priority: Project.Priority | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    communes: list[str] | None = None
    is_public: bool | None = None
    public_summary: str | None = None


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Status
    date: dt.date | None = None
    note: str | None = None


class StatusOut(Schema):
    change: StatusChangeOut
    status: str
    message: str


class BudgetLineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    nature: BudgetLine.Nature | None = None
    year: int | None = None
    label: str | None = None
    planned: Decimal | None = None
    actual: Decimal | None = None


class FundingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    financeur: Financeur | None = None
    financeur_detail: str | None = None
    year: int | None = None
    amount: Decimal | None = None
    requested_on: dt.date | None = None
    granted_on: dt.date | None = None
    paid_on: dt.date | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enumeration member
        return str(value.value)
    return str(value)


def form_data(values: dict[str, Any]) -> QueryDict:
    """What a browser would post for these values: lists as repeated keys, a checked box as « on »."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list | tuple | set):
            data.setlist(name, [_text(getattr(item, "pk", item)) for item in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = _text(value)
    return data


def refuse(form: forms.BaseForm) -> ApiError:
    """The form's errors, field by field, as the API's 422 problem."""
    errors = [
        {"field": "body" if name == forms.forms.NON_FIELD_ERRORS else name, "message": error["message"]}
        for name, messages in form.errors.get_json_data().items()
        for error in messages
    ]
    return ApiError(422, _("The data sent are not valid; nothing was saved."), errors)


def current_values(form_class: type[forms.ModelForm], instance: Any) -> dict[str, Any]:
    """The instance's values for the form's fields; a new one's are the model's defaults (as the web form's
    initial values: a priority « medium », not shown on the public site…)."""
    return model_to_dict(instance if instance is not None else form_class._meta.model(), fields=form_class._meta.fields)


def project_of(territory: Territory, pk: int) -> Project:
    project = territory.projects.filter(pk=pk).first()
    if project is None:
        raise ApiError(404, _("No project %(id)s in this territory.") % {"id": pk})
    return project


def project_values(territory: Territory, payload: ProjectIn, project: Project | None) -> dict[str, Any]:
    """The form's values: the project's own, overlaid with those sent. Axes and communes must be the
    territory's (a 404 otherwise); communes are sent as their INSEE codes."""
    sent = payload.model_dump(exclude_unset=True)
    if sent.get("axes"):
        known = set(plan_of(territory).axes.filter(pk__in=sent["axes"]).values_list("pk", flat=True))
        unknown = sorted(set(sent["axes"]) - known)
        if unknown:
            raise ApiError(404, _("No axis %(ids)s in this territory.") % {"ids": ", ".join(map(str, unknown))})
    if sent.get("communes"):
        found = dict(territory.communes.filter(code__in=sent["communes"]).values_list("code", "pk"))
        unknown = sorted(set(sent["communes"]) - set(found))
        if unknown:
            raise ApiError(404, _("No commune %(codes)s in this territory.") % {"codes": ", ".join(unknown)})
        sent["communes"] = [found[code] for code in sent["communes"]]
    return {**current_values(ProjectForm, project), **{k: (v or []) if k in {"axes", "communes"} else v
                                                        for k, v in sent.items()}}  # fmt: skip


@router.post(
    "/territories/{slug}/plan/projects",
    response={201: ProjectDetailOut, **WRITE_ERRORS},
    summary="Créer un projet",
    openapi_extra=EDIT,
)
def project_create(request: HttpRequest, slug: str, payload: ProjectIn) -> Answer:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    form = ProjectForm(form_data(project_values(territory, payload, None)), territory=territory)
    if not form.is_valid():
        raise refuse(form)
    with transaction.atomic():
        project = create_project(form.save(commit=False), request.user)
        form.save_m2m()
    return Answer(201, project_detail_out(project))


@router.patch(
    "/territories/{slug}/plan/projects/{project_id}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Modifier un projet (les champs envoyés seulement)",
    openapi_extra=EDIT,
)
def project_update(request: HttpRequest, slug: str, project_id: Id, payload: ProjectIn) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    form = ProjectForm(form_data(project_values(territory, payload, project)), instance=project, territory=territory)
    if not form.is_valid():
        raise refuse(form)
    return project_detail_out(form.save())


@router.post(
    "/territories/{slug}/plan/projects/{project_id}/status",
    response={201: StatusOut, **WRITE_ERRORS},
    summary="Changer le statut d'un projet (daté ; aujourd'hui par défaut)",
    openapi_extra=EDIT,
)
def project_status(request: HttpRequest, slug: str, project_id: Id, payload: StatusIn) -> Answer:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    values = {"status": payload.status, "date": payload.date or dt.date.today(), "note": payload.note}
    form = StatusForm(form_data(values), project=project)
    if not form.is_valid():
        raise refuse(form)
    data = form.cleaned_data
    change = change_status(project, data["status"], data["date"], request.user, data["note"])
    project.refresh_from_db()
    current = project.current_change()
    body = {"change": status_change_out(change), "status": project.status, "message": status_message(change, current)}
    return Answer(201, body)


def _save_part(form_class: type[forms.ModelForm], project: Project, values: dict, instance: Any = None) -> Any:
    form = form_class(form_data({**current_values(form_class, instance), **values}), instance=instance,
                      project=project)  # fmt: skip
    if not form.is_valid():
        raise refuse(form)
    return form.save()


def _part_of(project: Project, related: str, pk: int) -> Any:
    part = getattr(project, related).filter(pk=pk).first()
    if part is None:
        messages = {
            "budgetlines": _("No budget line %(id)s in this project."),
            "fundings": _("No funding %(id)s in this project."),
        }
        raise ApiError(404, messages[related] % {"id": pk})
    return part


@router.post(
    "/territories/{slug}/plan/projects/{project_id}/budget-lines",
    response={201: BudgetLineOut, **WRITE_ERRORS},
    summary="Ajouter une ligne de budget",
    openapi_extra=EDIT,
)
def budget_line_add(request: HttpRequest, slug: str, project_id: Id, payload: BudgetLineIn) -> Answer:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    return Answer(201, budget_line_out(_save_part(BudgetLineForm, project, payload.model_dump(exclude_unset=True))))


@router.patch(
    "/territories/{slug}/plan/projects/{project_id}/budget-lines/{line_id}",
    response={200: BudgetLineOut, **WRITE_ERRORS},
    summary="Modifier une ligne de budget (les champs envoyés seulement)",
    openapi_extra=EDIT,
)
def budget_line_update(request: HttpRequest, slug: str, project_id: Id, line_id: Id, payload: BudgetLineIn) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    line = _part_of(project, "budgetlines", line_id)
    return budget_line_out(_save_part(BudgetLineForm, project, payload.model_dump(exclude_unset=True), line))


@router.post(
    "/territories/{slug}/plan/projects/{project_id}/fundings",
    response={201: FundingOut, **WRITE_ERRORS},
    summary="Ajouter un financement",
    openapi_extra=EDIT,
)
def funding_add(request: HttpRequest, slug: str, project_id: Id, payload: FundingIn) -> Answer:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    return Answer(201, funding_out(_save_part(FundingForm, project, payload.model_dump(exclude_unset=True))))


@router.patch(
    "/territories/{slug}/plan/projects/{project_id}/fundings/{funding_id}",
    response={200: FundingOut, **WRITE_ERRORS},
    summary="Modifier un financement (les champs envoyés seulement)",
    openapi_extra=EDIT,
)
def funding_update(request: HttpRequest, slug: str, project_id: Id, funding_id: Id, payload: FundingIn) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.EDIT, territory)
    project = project_of(territory, project_id)
    funding: Funding = _part_of(project, "fundings", funding_id)
    return funding_out(_save_part(FundingForm, project, payload.model_dump(exclude_unset=True), funding))
