"""Operations on a plan that change several rows at once, each in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tindus.territories.models import Territory

from .compute.funding import FundingRow
from .models import Axis, Funding, Plan, Project, StatusChange


def plan_of(territory: Territory) -> Plan:
    plan, _created = Plan.objects.get_or_create(territory=territory)
    return plan


@transaction.atomic
def change_status(project: Project, status: str, day: dt.date, user: Any = None, note: str = "") -> StatusChange:
    """Record a dated status change; the project's current status is the latest one by date."""
    change = StatusChange.objects.create(project=project, status=status, date=day, note=note, author=user)
    latest = project.status_changes.order_by("-date", "-pk").first()
    if project.status != latest.status:
        project.status = latest.status
        project.save(update_fields=["status", "updated_at"])
    return change


@transaction.atomic
def create_project(project: Project, user: Any, day: dt.date | None = None) -> Project:
    """Save a new project with the first entry of its status history."""
    project.save()
    StatusChange.objects.create(project=project, status=project.status, date=day or dt.date.today(), author=user)
    return project


@dataclass
class AxisNode:
    axis: Axis
    children: list[AxisNode] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def project_count(self) -> int:
        return len(self.projects) + sum(child.project_count() for child in self.children)


def plan_tree(plan: Plan, projects: list[Project] | None = None) -> tuple[list[AxisNode], list[Project]]:
    """The levers with their axes and projects, and the projects attached to no axis."""
    axes = list(plan.axes.all())
    nodes = {axis.pk: AxisNode(axis) for axis in axes}
    for axis in axes:  # share the loaded parents, so codes need no further query
        if axis.parent_id in nodes:
            axis.parent = nodes[axis.parent_id].axis
    roots: list[AxisNode] = []
    for axis in sorted(axes, key=lambda a: (a.position, a.pk)):
        (nodes[axis.parent_id].children if axis.parent_id in nodes else roots).append(nodes[axis.pk])
    if projects is None:
        projects = list(plan.territory.projects.prefetch_related("axes"))
    orphans = []
    for project in projects:
        attached = [a.pk for a in project.axes.all() if a.pk in nodes]
        for pk in attached:
            nodes[pk].projects.append(project)
        if not attached:
            orphans.append(project)
    return roots, orphans


def axes_in_order(plan: Plan) -> list[Axis]:
    """Depth-first: each lever followed by its axes, as the tree shows them."""
    roots, _orphans = plan_tree(plan, projects=[])
    ordered: list[Axis] = []

    def walk(node: AxisNode) -> None:
        ordered.append(node.axis)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return ordered


def funding_rows(fundings: list[Funding], day: dt.date | None = None) -> list[FundingRow]:
    return [FundingRow(f.financeur, f.year, f.amount, f.state_on(day)) for f in fundings]
