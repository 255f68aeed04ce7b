"""What the plan's API answers: the public view of a project (what the public site shows) and the full view
(what the plan pages show the territory's readers), with the conversions from the models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from tindus.api.schemas import Source
from tindus.territories.models import Territory

from .compute.funding import summarise
from .models import Axis, Project
from .services import funding_rows

# An object's id: a positive integer the database can hold (a larger one is a 400, never a server error).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class AxisOut(Schema):
    id: int
    code: str
    title: str
    description: str
    parent: int | None
    lever: int
    is_lever: bool


class AxisRef(Schema):
    id: int
    code: str
    title: str


class CommuneRef(Schema):
    code: str
    name: str


class ProjectPublicOut(Schema):
    """What the public site's panorama and project page show."""

    id: int
    title: str
    porteur_name: str
    status: str
    status_label: str
    partners: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    axes: list[AxisRef]
    communes: list[CommuneRef]
    public_summary: str


class ProjectOut(ProjectPublicOut):
    """What the plan pages show the territory's readers (team, committee)."""

    reference: str
    description: str
    porteur_siret: str
    pilot: str
    pilot_email: str
    priority: int
    is_public: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class FundingOut(Schema):
    id: int
    financeur: str
    financeur_label: str
    financeur_detail: str
    year: int
    amount: Decimal
    requested_on: dt.date
    granted_on: dt.date | None
    paid_on: dt.date | None
    state: str | None


class BudgetLineOut(Schema):
    id: int
    nature: str
    year: int
    label: str
    planned: Decimal
    actual: Decimal | None


class MilestoneOut(Schema):
    id: int
    title: str
    planned_on: dt.date
    done_on: dt.date | None


class StatusChangeOut(Schema):
    id: int
    status: str
    status_label: str
    date: dt.date
    note: str
    automatic: bool
    recorded_at: dt.datetime


class FundingTotals(Schema):
    total: Decimal
    self_funded: Decimal
    aided: Decimal
    by_financeur: dict[str, Decimal]
    by_state: dict[str, Decimal]


class ProjectDetailOut(ProjectOut):
    budget_lines: list[BudgetLineOut]
    planned_total: Decimal
    actual_total: Decimal
    fundings: list[FundingOut]
    funding: FundingTotals
    milestones: list[MilestoneOut]
    status_history: list[StatusChangeOut]
    source: Source


class ProjectPublicDetailOut(ProjectPublicOut):
    source: Source


def plan_source(territory: Territory, updated: dt.datetime | dt.date | None = None) -> dict:
    """The plan is the territory team's own record: the date of its last change is its vintage."""
    vintage = updated.date() if isinstance(updated, dt.datetime) else updated
    return {
        "source": _("Action plan of %(name)s, kept by its team in Tindus") % {"name": territory.name},
        "vintage": (vintage or dt.date.today()).isoformat(),
        "synthetic": False,
    }


def axis_out(axis: Axis) -> dict:
    chain = axis.ancestors()
    return {
        "id": axis.pk, "code": axis.code, "title": axis.title, "description": axis.description,
        "parent": axis.parent_id, "lever": chain[0].pk, "is_lever": axis.parent_id is None,
    }  # fmt: skip


def project_public_out(project: Project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "porteur_name": project.porteur_name,
        "status": project.status,
        "status_label": str(project.get_status_display()),
        "partners": project.partner_list(),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "axes": [{"id": a.pk, "code": a.code, "title": a.title} for a in project.axes.all()],
        "communes": [{"code": c.code, "name": c.name} for c in project.communes.all()],
        "public_summary": project.public_summary,
    }


def project_out(project: Project) -> dict:
    return {
        **project_public_out(project),
        "reference": project.reference, "description": project.description,
        "porteur_siret": project.porteur_siret, "pilot": project.pilot, "pilot_email": project.pilot_email,
        "priority": project.priority, "is_public": project.is_public,
        "created_at": project.created_at, "updated_at": project.updated_at,
    }  # fmt: skip


def funding_out(funding) -> dict:
    return {
        "id": funding.pk, "financeur": funding.financeur, "financeur_label": str(funding.get_financeur_display()),
        "financeur_detail": funding.financeur_detail, "year": funding.year, "amount": funding.amount,
        "requested_on": funding.requested_on, "granted_on": funding.granted_on, "paid_on": funding.paid_on,
        "state": funding.state,
    }  # fmt: skip


def budget_line_out(line) -> dict:
    return {"id": line.pk, "nature": line.nature, "year": line.year, "label": line.label,
            "planned": line.planned, "actual": line.actual}  # fmt: skip


def status_change_out(change) -> dict:
    return {
        "id": change.pk, "status": change.status, "status_label": str(change.get_status_display()),
        "date": change.date, "note": change.note, "automatic": change.automatic, "recorded_at": change.recorded_at,
    }  # fmt: skip


def project_detail_out(project: Project) -> dict:
    """The project as its page in the plan shows it: budget, funding and its summary, milestones, history."""
    budget = list(project.budgetlines.all())
    fundings = list(project.fundings.all())
    summary = summarise(funding_rows(fundings))
    return {
        **project_out(project),
        "budget_lines": [budget_line_out(line) for line in budget],
        "planned_total": sum((b.planned for b in budget), Decimal(0)),
        "actual_total": sum((b.actual or Decimal(0) for b in budget), Decimal(0)),
        "fundings": [funding_out(f) for f in fundings],
        "funding": {
            "total": summary.total,
            "self_funded": summary.self_funded,
            "aided": summary.aided,
            "by_financeur": dict(summary.by_financeur),
            "by_state": dict(summary.by_state),
        },  # fmt: skip
        "milestones": [
            {"id": m.pk, "title": m.title, "planned_on": m.planned_on, "done_on": m.done_on}
            for m in project.milestones.all()
        ],
        "status_history": [status_change_out(c) for c in project.status_changes.order_by("date", "pk")],
        "source": plan_source(project.territory, project.updated_at),
    }


def project_public_detail_out(project: Project) -> dict:
    return {**project_public_out(project), "source": plan_source(project.territory, project.updated_at)}
