"""Operations on a plan that change several rows at once, each in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.territories.models import Territory

from .compute.funding import FundingRow
from .models import Axis, Funding, IndicatorValue, Plan, Project, StatusChange


def plan_of(territory: Territory) -> Plan:
    plan, _created = Plan.objects.get_or_create(territory=territory)
    return plan


@transaction.atomic
def change_status(project: Project, status: str, day: dt.date, user: Any = None, note: str = "") -> StatusChange:
    """Record a status in force from ``day`` and bring the project's current status in line.

    The status in force is the entry with the latest effective date (on the same date, the one
    recorded last). The automatic entry made at the project's creation is dated at the earliest
    status: an entry dated before it moves it back to that date, where the new entry, recorded
    later, takes precedence. So the creation date never hides a status the team dates earlier.
    """
    change = StatusChange.objects.create(project=project, status=status, date=day, note=note, author=user)
    for opening in project.status_changes.filter(automatic=True, date__gt=day):
        opening.date = day
        opening.save(update_fields=["date"])  # saved one by one so the move enters the change history
    current = project.current_change()
    if project.status != current.status:
        project.status = current.status
        project.save(update_fields=["status", "updated_at"])
    return change


def status_message(change: StatusChange, current: StatusChange) -> str:
    """What happened, in words: the status recorded and, if a later-dated one stays in force, which."""
    values = {
        "status": change.get_status_display(),
        "date": date_format(change.date),
        "current": current.get_status_display(),
        "since": date_format(current.date),
    }
    if current.pk == change.pk:
        return _("Status recorded: « %(status)s » since %(date)s. It is now the current status.") % values
    return (
        _(
            "Status « %(status)s » recorded from %(date)s. The current status remains « %(current)s », "
            "in force since %(since)s, a later date."
        )
        % values
    )


@transaction.atomic
def create_project(project: Project, user: Any, day: dt.date | None = None) -> Project:
    """Save a new project with the first entry of its status history.

    Given a ``day`` (a workbook's « statut depuis le »), the entry is dated then; without one it is
    the automatic entry, dated today until an earlier status is recorded.
    """
    project.save()
    StatusChange.objects.create(
        project=project, status=project.status, date=day or dt.date.today(), author=user, automatic=day is None
    )
    return project


@transaction.atomic
def delete_project(project: Project) -> None:
    """Delete a project with everything that belongs to it, its documents' files once it is done.

    Each row deleted enters the territory's change history; committee decisions about the project
    stay in their meetings' minutes, no longer linked to it.
    """
    files = [document.file for document in project.projectdocuments.all()]
    project.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.storage.delete(file.name))


def delete_part(part: Any) -> None:
    """Delete one part of a project (a document's file with it, once the deletion is committed)."""
    file = getattr(part, "file", None)
    part.delete()
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))


def deleted_parts(project: Project) -> list[str]:
    """What goes with a project when it is deleted, in words (only what it has)."""
    counts = {
        "history": project.status_changes.count(),
        "budget": project.budgetlines.count(),
        "funding": project.fundings.count(),
        "milestones": project.milestones.count(),
        "indicators": project.indicators.count(),
        "values": IndicatorValue.objects.filter(indicator__project=project).count(),
        "documents": project.projectdocuments.count(),
        "evidence": project.evidencelinks.count(),
        "comments": project.comments.count(),
    }
    words = {
        "history": ngettext(
            "%(n)d entry of its status history", "%(n)d entries of its status history", counts["history"]
        ),
        "budget": ngettext("%(n)d budget line", "%(n)d budget lines", counts["budget"]),
        "funding": ngettext("%(n)d funding", "%(n)d fundings", counts["funding"]),
        "milestones": ngettext("%(n)d milestone", "%(n)d milestones", counts["milestones"]),
        "indicators": ngettext("%(n)d indicator", "%(n)d indicators", counts["indicators"]),
        "values": ngettext("%(n)d value measured", "%(n)d values measured", counts["values"]),
        "documents": ngettext(
            "%(n)d document (its file too)", "%(n)d documents (their files too)", counts["documents"]
        ),
        "evidence": ngettext("%(n)d evidence link", "%(n)d evidence links", counts["evidence"]),
        "comments": ngettext("%(n)d comment", "%(n)d comments", counts["comments"]),
    }
    return [words[key] % {"n": n} for key, n in counts.items() if n]


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
